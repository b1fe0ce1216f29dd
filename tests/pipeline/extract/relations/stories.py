"""Story openings the relation tests share: a wire story whose places all lie in one state."""

STORY_IN_PERU = (
    "LIMA, May 2 (Reuters) - Floods cut roads between Cusco and Arequipa on Monday, and "
    "rivers burst their banks near Piura and Trujillo.\n\n"
)

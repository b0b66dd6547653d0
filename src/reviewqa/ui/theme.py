"""The app's Gradio theme: colours whose text meets WCAG AA on their backgrounds in light and dark mode, and fonts
served by the app itself in every weight the page uses (no web font, no fallback glyph in bold text).

Gradio's default theme loads Source Sans Pro at 400 and 600, and its 600 file is a subset of a few glyphs, so
semi-bold and bold text mixed in a fallback font ('Ask the review', 'ADCs'). The faces here are complete: 400 and
700 (CSS then draws 600 with the 700 face). Its subdued greys (slider ends, placeholders) measured 1.9:1 in light
mode and its orange accent 2.8:1; the greys and the blue below measure at least 4.5:1 (tests/e2e contrast test).
"""

from __future__ import annotations

import gradio as gr
from gradio.themes.utils import colors, fonts

UI_FONT = (fonts.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "system-ui", "sans-serif")
MONO_FONT = (fonts.LocalFont("IBM Plex Mono", weights=(400, 700)), "ui-monospace", "Consolas", "monospace")


def app_theme() -> gr.themes.Base:
    """Gradio's default layout with a blue accent dark enough for white text, and readable subdued text."""
    return gr.themes.Default(
        primary_hue=colors.blue, neutral_hue=colors.zinc, font=UI_FONT, font_mono=MONO_FONT
    ).set(
        color_accent="*primary_700",
        color_accent_soft="*primary_50",
        color_accent_soft_dark="*neutral_800",
        body_text_color_subdued="*neutral_600",
        body_text_color_subdued_dark="*neutral_300",
        block_label_text_color="*neutral_600",
        block_label_text_color_dark="*neutral_300",
        block_title_text_color="*neutral_700",
        block_title_text_color_dark="*neutral_200",
        block_info_text_color="*neutral_600",
        block_info_text_color_dark="*neutral_300",
        input_placeholder_color="*neutral_500",
        input_placeholder_color_dark="*neutral_400",
        link_text_color="*primary_700",
        link_text_color_dark="*primary_300",
        link_text_color_visited="*primary_800",
        link_text_color_visited_dark="*primary_200",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_background_fill_dark="*primary_600",
        button_primary_background_fill_hover_dark="*primary_700",
        button_secondary_text_color="*neutral_900",
        button_secondary_text_color_dark="white",
        button_secondary_background_fill_dark="*neutral_700",
        button_secondary_background_fill_hover_dark="*neutral_600",
        button_cancel_background_fill=colors.red.c700,
        button_cancel_background_fill_hover=colors.red.c800,
        checkbox_label_text_color_selected="*neutral_900",
        checkbox_label_text_color_selected_dark="white",
    )  # fmt: skip

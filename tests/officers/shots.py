"""Screenshots of the journeys when I6_SHOTS names a folder (for looking at the pages)."""

import os


def shot(page, name):
    folder = os.environ.get("I6_SHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)

"""MP4 rendering of a video plan: slides drawn with Pillow, narration from espeak-ng, encoded by ffmpeg.

Pure of the database and the web framework; it runs in the worker, never on the API's event loop.
"""

from lessonforge.rendering.errors import RenderError
from lessonforge.rendering.video import RenderedVideo, RenderOptions, render_video, scene_plan

__all__ = ["RenderError", "RenderOptions", "RenderedVideo", "render_video", "scene_plan"]

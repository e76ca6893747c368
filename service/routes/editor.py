"""`GET /editor`: the query editor (YASGUI) aimed at this server's `/sparql`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service.deps import SettingsDep
from service.editor import editor_page

router = APIRouter(tags=["editor"])


@router.get("/editor", response_class=HTMLResponse)
def editor(request: Request, settings: SettingsDep) -> HTMLResponse:
    """The query editor, with the named queries as examples."""
    return editor_page(request, settings)

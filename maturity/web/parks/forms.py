"""Forms of the park pages: the roster upload and the enterprise's sharing consent."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import AnyOf


class RosterForm(FlaskForm):
    """Upload the park's roster (xlsx or csv)."""

    file = FileField(_l("Roster file (xlsx or csv)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["xlsx", "csv"], _l("Accepted: .xlsx or .csv")),
    ])


class SharingForm(FlaskForm):
    """Agree to share detailed results with the park, or stop sharing."""

    action = HiddenField(validators=[AnyOf(("agree", "revoke"))])

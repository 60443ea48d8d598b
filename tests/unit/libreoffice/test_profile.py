

"""The LibreOffice profile docgen runs with: macros and external links off."""


from __future__ import annotations

from docgen.libreoffice.convert import _LOCKED_DOWN_PROFILE


def test_libreoffice_profile_turns_macros_and_links_off():
    assert '"DisableMacrosExecution" oor:op="fuse"><value>true' in _LOCKED_DOWN_PROFILE
    assert '"MacroSecurityLevel" oor:op="fuse"><value>3' in _LOCKED_DOWN_PROFILE
    assert 'Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2' in _LOCKED_DOWN_PROFILE

"""The build's `Setup` from MkDocs' configuration, and the `Build` found again from the configuration of any event."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from helpcenter.clock import build_date
from helpcenter.pages.publishing import ModeError, build_mode
from helpcenter.settings import SettingsError, parse_settings
from jobs.build import Build, Project, Setup

# The Build rides on the configuration object: MkDocs makes a new one for every
# build (and every rebuild of `mkdocs serve`) and hands it to every event.
_ATTRIBUTE = "_helpcenter_build"


def read_setup(config: MkDocsConfig) -> Setup:
    config_file = Path(config.config_file_path)
    project = Project(root=config_file.parent, docs_dir=Path(config.docs_dir), config_name=config_file.name)
    try:
        mode = build_mode(os.environ)
        text = config_file.read_text(encoding="utf-8")
        settings = parse_settings(config.extra, config_text=text, config_name=project.config_name, environ=os.environ)
    except (SettingsError, ModeError) as error:
        raise PluginError(str(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PluginError(f"{project.config_name}: cannot be read ({error})") from None
    return Setup(
        project=project,
        settings=settings,
        mode=mode,
        serving=_serving(config),
        site_url=config.site_url,
        today=build_date(),
        config_text=text,
    )


def _serving(config: MkDocsConfig) -> bool:
    """`mkdocs serve` builds the site for its own address: it sets ``site_url`` to the development server's
    (mkdocs/commands/serve.py), where it injects its live-reload script into every page."""
    host, port = config.dev_addr
    return (config.site_url or "").startswith(f"http://{host}:{port}/")


def attach(config: MkDocsConfig, build: Build) -> None:
    setattr(config, _ATTRIBUTE, build)


def build_of(config: MkDocsConfig) -> Build:
    build = getattr(config, _ATTRIBUTE, None)
    if not isinstance(build, Build):
        raise PluginError("hooks/pipeline.py: the build was not started -> list hooks/pipeline.py under `hooks:`")
    return build

"""Small helpers shared by test modules."""

from __future__ import annotations

import shutil
from pathlib import Path


def write(directory: Path, name: str, content: str | bytes) -> str:
    """Write ``content`` (text as UTF-8, bytes as they are) to ``directory/name``; return the path."""
    path = directory / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


LIST = Path(__file__).parent / "fixtures" / "lists" / "video-anomaly-detection"
# Titles of distinct papers on one subject, alike in nothing a duplicate check would match.
DISTINCT_TITLES = (
    "Memory-Guided Normality for Anomaly Detection",
    "Future Frame Prediction in Surveillance Video",
    "Weakly Supervised Localisation of Crowd Events",
    "Skeleton Trajectories for Abnormal Behaviour",
    "Object-Centric Autoencoders for Street Scenes",
    "Diffusion Priors for Rare Traffic Incidents",
    "Graph Attention over Sensor Networks",
    "Contrastive Pretraining of Audio Events",
    "Robust Forecasting of Power Demand",
    "Sparse Coding of Industrial Textures",
)


def copy_real_list(directory: Path) -> list[str]:
    """The bundled list (its README and the data files it is generated from) copied into ``directory``:
    the paths to give ``check`` or ``fix``, README first."""
    shutil.copytree(LIST / "scripts", directory / "scripts")
    shutil.copy(LIST / "README.md", directory / "README.md")
    return [str(directory / "README.md"), *sorted(str(path) for path in (directory / "scripts").glob("*.json"))]

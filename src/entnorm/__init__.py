"""entnorm: find garbled named-entity mentions in raw news text, with exact spans.

>>> import entnorm
>>> nz = entnorm.load()
>>> [(m.text, m.entity_id) for m in nz.find("Ponpeo met Kang Jinghe in Seoul.")]  # doctest: +SKIP
[('Ponpeo', 'mike-pompeo'), ('Kang Jinghe', 'kang-kyung-wha'), ('Seoul', 'seoul')]
"""

from ._backend import BACKEND
from ._errors import AliasFileError, WorkerError
from ._models import Candidate, Entity, EntityType, Mention, Method, Role
from ._normalizer import DEFAULT, Normalizer, load

__version__ = "0.1.0"

__all__ = [
    "BACKEND",
    "DEFAULT",
    "AliasFileError",
    "Candidate",
    "Entity",
    "EntityType",
    "Mention",
    "Method",
    "Normalizer",
    "Role",
    "WorkerError",
    "__version__",
    "load",
]

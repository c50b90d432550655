"""Similar services: a comparator group for every current YJS, from public data.

The report's first comparison is a service's YJB family. Where the inputs do not supply it,
the build computes a group that can be stated and reproduced:

* :mod:`~yjanalysis.methods.similar.statistical_neighbours`: the DfE's children's services
  statistical
  neighbours of an English service's authorities, mapped to services;
* :mod:`~yjanalysis.methods.similar.characteristics` and :mod:`~yjanalysis.methods.similar.nearest`:
  the
  services nearest on published characteristics that exist for England and Wales alike;
* :mod:`~yjanalysis.methods.similar.groups`: which group each service uses (a supplied YJB family
  always wins), with every member's distance;
* :mod:`~yjanalysis.methods.similar.family`: how a report names the group it uses.
"""

from yjanalysis.methods.similar.groups import ComparatorGroups, comparator_groups, families, load

__all__ = ["ComparatorGroups", "comparator_groups", "families", "load"]

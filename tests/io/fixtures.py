"""Small, readable IO tables for tests.

``miller_blair_2x2``: the two-sector example of Miller & Blair (2009), *Input-Output Analysis*,
2nd ed., section 2.3 (Z = [[150, 500], [200, 100]], f = [350, 1700], x = [1000, 2000]).
"""

from __future__ import annotations

import pandas as pd

from revitalize.model.table import IOTable
from revitalize.results import Provenance


def miller_blair_2x2(**overrides) -> IOTable:
    codes = ["01", "02"]
    sectors = pd.DataFrame({"name_cn": ["农业", "制造业"], "name_en": ["Agriculture", "Manufacturing"]},
                           index=pd.Index(codes, name="code"))
    Z = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=codes, columns=codes)
    fd = pd.DataFrame({"FU201": [350.0, 1700.0]}, index=codes)
    va = pd.DataFrame([[650.0, 1400.0]], index=["VA001"], columns=codes)
    x = pd.Series([1000.0, 2000.0], index=codes)
    fields = dict(
        sectors=sectors, Z=Z, final_demand=fd, imports=pd.DataFrame(index=codes),
        other=pd.Series(0.0, index=codes), value_added=va, output=x, total_input=x.copy(),
        region="000000", year=2009, unit="10^4 CNY",
        provenance=Provenance(source="Miller & Blair (2009) section 2.3"),
    )
    fields.update(overrides)
    return IOTable(**fields)

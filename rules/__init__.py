"""Rules: catalogues, parameters and eligibility rules as dated, cited data.

Data lives in ``rules/data`` (YAML); small typed rule functions in the
procedure modules read resolved parameters and never carry a policy number.
"""

from rules.params import Parameter, ParameterSet, ParamValue, Source, load_parameters, seeds_dir

__all__ = ["Parameter", "ParameterSet", "ParamValue", "Source", "load_parameters", "seeds_dir"]

"""The labelled models and the registries, below everything else.

``table`` (:class:`IOTable`) and ``validate`` (the IO validation rule), ``panel``
(:class:`Panel`), ``regions`` (provinces, macro-regions, countries) and ``sectors`` (the NBS
sector lists and their concordance by name). The data layer (readers, catalog, store) builds
these models and the method families compute on them; neither is imported from here, so the
layers run one way: model <- data <- tasks <- doors, and model <- families <- tasks.
"""

"""Orders: import Seller Central reports, compute Amazon's metrics, cross-check the plan.

``poa.orders.importer.import_reports`` merges reports into a case, ``poa.orders.metrics.compute``
recomputes the rates, ``poa.orders.check.check_case`` cross-references order IDs and ASINs.
Modules are imported on use, so ``import poa.orders`` stays light.
"""

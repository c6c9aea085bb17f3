from .care import MaintenanceReport, PerformanceNote
from .disposal import Disposal, DisposalStep
from .fund import FundContribution, FundRequest, FundRequestStep, FundSpending
from .income import AssetIncome, DistributionPlan, DistributionShare
from .inventories import Inventory, InventoryItem
from .ledger import Asset, AssetBeneficiary, AssetFunding, Project

__all__ = [
    "Asset",
    "AssetBeneficiary",
    "AssetFunding",
    "AssetIncome",
    "Disposal",
    "DisposalStep",
    "DistributionPlan",
    "DistributionShare",
    "FundContribution",
    "FundRequest",
    "FundRequestStep",
    "FundSpending",
    "Inventory",
    "InventoryItem",
    "MaintenanceReport",
    "PerformanceNote",
    "Project",
]

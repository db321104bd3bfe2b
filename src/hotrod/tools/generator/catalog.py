"""The synthetic catalog: product families of a hot-rod parts store, expanded into products and SKUs.

Every product type matches a pattern of ``seeds/product_taxonomy.csv``; titles
and tags carry vehicle fitment the way the store writes it ("1955-1957 Chevy
Bel Air", "SBC 350", "Ford 9-inch", "LS swap"), which the fitment model parses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

AN_SIZES = ("-4", "-6", "-8", "-10", "-12", "-16")
FINISHES = ("Black", "Red/Blue", "Natural", "Black Anodized")
NPT = {"-4": "1/8", "-6": "1/4", "-8": "3/8", "-10": "1/2", "-12": "3/4", "-16": "1"}

# (make/model fitment, first year, last year) for restoration-era cars.
VINTAGE_VEHICLES = (
    ("Chevy Bel Air", 1955, 1957), ("Chevy Nova", 1968, 1974), ("Chevy Camaro", 1967, 1969),
    ("Chevy C10", 1967, 1972), ("Ford Mustang", 1965, 1970), ("Ford F-100", 1953, 1956),
    ("Ford Model A", 1928, 1931), ("Ford Falcon", 1960, 1965), ("Pontiac GTO", 1964, 1967),
    ("Plymouth Road Runner", 1968, 1970), ("Dodge Charger", 1968, 1970), ("Chevelle", 1964, 1972),
)
MODERN_VEHICLES = (
    ("Chevy Silverado", 1999, 2013), ("Ford Mustang", 2005, 2014), ("Chevy Camaro", 2010, 2015),
    ("Nissan 240SX", 1989, 1998), ("Jeep Wrangler", 1997, 2006),
)
ENGINES = ("SBC 350", "SBC 383", "BBC 454", "BBC 396", "LS swap", "LS3", "LS1", "Ford 302", "Ford 351W",
           "Ford 460", "Ford FE 390", "Chrysler 440", "Hemi 426", "Coyote 5.0")
REAR_ENDS = ("Ford 9-inch", "GM 12-bolt", "Dana 60")
# The store's gift card: one product, a variant per denomination (cents). Shopify sells it as a line
# item with `gift_card: true`; its stock is not tracked and no discount applies to it.
GIFT_CARD_TYPE = "Gift Cards"
GIFT_CARD_CENTS = (2500, 5000, 10000)


@dataclass(frozen=True)
class Family:
    name: str            # title stem
    product_type: str    # matches the taxonomy
    price: tuple[float, float]
    popularity: float    # relative demand per SKU
    performance: bool    # racers favour these (the taxonomy's is_performance)
    restoration: bool    # restorers favour these (the taxonomy's is_restoration)
    sized: bool = False  # AN-sized variants
    fitment: str = "engine"  # engine | vintage | modern | rear | none
    max_qty: int = 1     # typical quantity per line


FAMILIES = (
    Family("Straight Hose End", "Hose Ends", (8.95, 29.95), 9.0, False, False, True, "none", 6),
    Family("45 Degree Hose End", "Hose Ends", (11.95, 34.95), 6.0, False, False, True, "none", 6),
    Family("90 Degree Hose End", "Hose Ends", (12.95, 36.95), 7.0, False, False, True, "none", 6),
    Family("180 Degree Hose End", "Hose Ends", (16.95, 44.95), 2.5, False, False, True, "none", 4),
    Family("NPT Adapter", "Adapters", (4.95, 14.95), 7.0, False, False, True, "none", 6),
    Family("ORB Adapter", "Adapters", (5.95, 16.95), 5.0, False, False, True, "none", 6),
    Family("Bulkhead Union", "Unions & Bulkheads", (9.95, 24.95), 2.0, False, False, True, "none", 4),
    Family("Tee Fitting", "Fittings", (9.95, 27.95), 2.0, False, False, True, "none", 4),
    Family("Braided Stainless Hose 10 ft", "Hose", (39.95, 129.95), 5.0, False, False, True, "none", 2),
    Family("PTFE Lined Hose 6 ft", "Hose", (49.95, 149.95), 3.0, False, False, True, "none", 2),
    Family("Electric Fuel Pump 255 LPH", "Fuel Pumps", (129.95, 289.95), 3.0, True, False, False, "engine", 1),
    Family("Mechanical Fuel Pump", "Fuel Pumps", (59.95, 149.95), 2.0, True, False, False, "vintage", 1),
    Family("Bypass Fuel Pressure Regulator", "Fuel Pressure Regulators", (79.95, 189.95), 2.5, True, False, False, "engine", 1),
    Family("Inline Fuel Filter", "Fuel Filters", (24.95, 69.95), 3.0, False, False, True, "none", 2),
    Family("Fuel Sending Unit", "Fuel Sending Units", (49.95, 99.95), 1.0, False, False, False, "vintage", 1),
    Family("750 CFM Double Pumper Carburetor", "Carburetors", (549.95, 799.95), 1.5, True, False, False, "engine", 1),
    Family("600 CFM Vacuum Secondary Carburetor", "Carburetors", (399.95, 599.95), 1.5, True, False, False, "engine", 1),
    Family("Dual Plane Intake Manifold", "Intake Manifolds", (229.95, 399.95), 1.2, True, False, False, "engine", 1),
    Family("HEI Distributor", "Distributors", (149.95, 329.95), 2.0, False, True, False, "engine", 1),
    Family("Ignition Coil", "Ignition Coils", (39.95, 119.95), 2.5, False, False, False, "engine", 1),
    Family("8mm Spark Plug Wire Set", "Plug Wires", (49.95, 99.95), 2.5, False, False, False, "engine", 1),
    Family("CD Ignition Box", "Ignition Boxes", (199.95, 449.95), 1.0, True, False, False, "engine", 1),
    Family("Aluminum Radiator", "Radiators", (249.95, 549.95), 1.5, False, True, False, "vintage", 1),
    Family("16 in Electric Fan", "Electric Fans", (99.95, 229.95), 2.0, False, False, False, "none", 1),
    Family("High Flow Water Pump", "Water Pumps", (89.95, 219.95), 1.5, False, True, False, "engine", 1),
    Family("Front Disc Brake Conversion Kit", "Disc Brake Conversion Kits", (399.95, 999.95), 0.8, False, True, False, "vintage", 1),
    Family("Dual Bowl Master Cylinder", "Master Cylinders", (129.95, 259.95), 1.0, False, True, False, "vintage", 1),
    Family("Pre-Bent Brake Line Kit", "Brake Lines", (89.95, 179.95), 1.2, False, True, False, "vintage", 1),
    Family("Rear Disc Brake Kit", "Brake Kits", (499.95, 1199.95), 0.5, False, True, False, "rear", 1),
)


@dataclass
class Catalog:
    """Column arrays, one entry per product (``p_*``) and per SKU/variant (``v_*``)."""

    p_title: list[str]
    p_type: list[str]
    p_tags: list[str]
    p_handle: list[str]
    p_status: np.ndarray        # 'active' | 'draft' | 'archived'
    p_family: np.ndarray
    v_product: np.ndarray       # index into products
    v_sku: list[str]
    v_title: list[str]
    v_option1: list[str]
    v_price_cents: np.ndarray
    v_cost_cents: np.ndarray
    v_weight: np.ndarray        # base demand weight
    v_performance: np.ndarray
    v_restoration: np.ndarray
    v_max_qty: np.ndarray
    v_gift_card: np.ndarray     # the gift card's variants (never picked by ordinary lines)

    @property
    def n_products(self) -> int:
        return len(self.p_title)

    @property
    def n_variants(self) -> int:
        return len(self.v_sku)


def is_vintage(tags: list[str]) -> bool:
    """Fits a vehicle of 1979 or older (the restorer segment's vintage rule)."""
    return any(t[:4].isdigit() and int(t[:4]) <= 1979 for t in tags)


def _fitment(rng: np.random.Generator, kind: str) -> tuple[str, list[str]]:
    """A fitment phrase for the title and tags, as the store writes them."""
    if kind == "none":
        if rng.random() < 0.35:
            engine = ENGINES[rng.integers(len(ENGINES))]
            return engine, [engine]
        return "", []
    if kind == "vintage":
        name, first, last = VINTAGE_VEHICLES[rng.integers(len(VINTAGE_VEHICLES))]
        phrase = f"{first}-{last} {name}"
        engine = ENGINES[rng.integers(len(ENGINES))]
        return f"{phrase}, {engine}", [phrase, engine]
    if kind == "modern":
        name, first, last = MODERN_VEHICLES[rng.integers(len(MODERN_VEHICLES))]
        phrase = f"{first}-{last} {name}"
        return phrase, [phrase, "LS swap"]
    if kind == "rear":
        rear = REAR_ENDS[rng.integers(len(REAR_ENDS))]
        return rear, [rear]
    engine = ENGINES[rng.integers(len(ENGINES))]
    if rng.random() < 0.4:
        name, first, last = VINTAGE_VEHICLES[rng.integers(len(VINTAGE_VEHICLES))]
        phrase = f"{first}-{last} {name}"
        return f"{engine}, {phrase}", [engine, phrase]
    if rng.random() < 0.2:
        name, first, last = MODERN_VEHICLES[rng.integers(len(MODERN_VEHICLES))]
        phrase = f"{first}-{last} {name}"
        return f"{engine}, {phrase}", [engine, phrase]
    return engine, [engine]


def build_catalog(rng: np.random.Generator, target_skus: int = 4000) -> Catalog:
    """About ``target_skus`` SKUs over the families above (sized families get one SKU per AN size and finish)."""
    p_title, p_type, p_tags, p_handle, p_status, p_family = [], [], [], [], [], []
    v_product, v_sku, v_title, v_option1, v_price, v_cost, v_weight, v_perf, v_rest, v_qty = ([] for _ in range(10))
    family_weights = np.array([f.popularity for f in FAMILIES])
    # Sized families expand to up to 6 SKUs per product; others to 1-3.
    avg_skus = np.where([f.sized for f in FAMILIES], 4.5, 1.6)
    share = family_weights / family_weights.sum()
    products_per_family = np.maximum(2, np.round(target_skus * share / avg_skus)).astype(int)

    for fam_index, family in enumerate(FAMILIES):
        for k in range(products_per_family[fam_index]):
            phrase, fit_tags = _fitment(rng, family.fitment)
            brand = ("Hot Rod AN", "HRA Pro", "Street Series")[rng.integers(3)]
            stem = f"{brand} {family.name}"
            if family.sized:
                finish = FINISHES[rng.integers(len(FINISHES))]
                stem = f"AN {family.name} - {finish}"
                if family.name == "NPT Adapter":
                    stem = f"AN to NPT Adapter - {finish}"
            title = f"{stem} | {phrase}" if phrase else stem
            product_index = len(p_title)
            status = "active"
            roll = rng.random()
            if roll < 0.02:
                status = "draft"
            elif roll < 0.04:
                status = "archived"
            tags = [family.product_type]
            if family.sized:
                tags.append("AN Fittings")
            if family.performance:
                tags.append("Performance")
            if family.restoration:
                tags.append("Restoration")
            tags += fit_tags
            p_title.append(title)
            p_type.append(family.product_type)
            p_tags.append(", ".join(tags))
            p_handle.append(f"hra-{fam_index:02d}-{k:04d}")
            p_status.append(status)
            p_family.append(fam_index)
            if family.sized:
                start = rng.integers(0, 2)
                stop = rng.integers(4, len(AN_SIZES) + 1)
                options = AN_SIZES[start:stop]
            else:
                options = ("Standard",) if rng.random() < 0.6 else ("Standard", "Polished", "Black")[: rng.integers(2, 4)]
            base_price = rng.uniform(*family.price)
            popularity = family.popularity * rng.lognormal(0.0, 0.9)
            for position, option in enumerate(options):
                size_factor = 1.0 + 0.18 * position if family.sized else 1.0 + 0.08 * position
                price_cents = int(round(base_price * size_factor)) * 100 - 5  # store prices end in .95
                size_code = option.replace("-", "").replace("Standard", "STD")[:3].upper()
                v_product.append(product_index)
                v_sku.append(f"HRA-{fam_index:02d}{k:04d}-{size_code}{position}")
                v_title.append(f"{option} AN" if family.sized else option)
                v_option1.append(f"{option} AN" if family.sized else option)
                v_price.append(max(price_cents, 195))
                v_cost.append(int(max(price_cents, 195) * rng.uniform(0.38, 0.62)))
                # Mid sizes (-6, -8) sell best.
                size_pop = (0.6, 1.4, 1.3, 0.8, 0.5, 0.3)[AN_SIZES.index(option)] if family.sized else 1.0
                v_weight.append(0.0 if status == "draft" else popularity * size_pop * (0.3 if status == "archived" else 1.0))
                v_perf.append(family.performance)
                v_rest.append(family.restoration or is_vintage(fit_tags))
                v_qty.append(family.max_qty)
    # The gift card comes last, so the families above draw the same random numbers as before.
    p_title.append("Hot Rod AN Gift Card")
    p_type.append(GIFT_CARD_TYPE)
    p_tags.append("Gift Card")
    p_handle.append("hra-gift-card")
    p_status.append("active")
    p_family.append(-1)
    for position, cents in enumerate(GIFT_CARD_CENTS):
        v_product.append(len(p_title) - 1)
        v_sku.append(f"HRA-GIFT-{cents // 100:03d}")
        v_title.append(f"${cents // 100}")
        v_option1.append(f"${cents // 100}")
        v_price.append(cents)
        v_cost.append(0)
        v_weight.append(0.0)
        v_perf.append(False)
        v_rest.append(False)
        v_qty.append(1)
    gift = np.zeros(len(v_sku), dtype=bool)
    gift[-len(GIFT_CARD_CENTS):] = True
    return Catalog(
        p_title=p_title, p_type=p_type, p_tags=p_tags, p_handle=p_handle, p_status=np.array(p_status),
        p_family=np.array(p_family), v_product=np.array(v_product), v_sku=v_sku, v_title=v_title,
        v_option1=v_option1, v_price_cents=np.array(v_price, dtype=np.int64), v_cost_cents=np.array(v_cost, dtype=np.int64),
        v_weight=np.array(v_weight), v_performance=np.array(v_perf), v_restoration=np.array(v_rest),
        v_max_qty=np.array(v_qty), v_gift_card=gift,
    )

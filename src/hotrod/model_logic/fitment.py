"""Vehicle fitment and part attributes parsed from product titles, tags, types and variant titles.

Hot-rod parts stores write fitment into free text: "Disc Brake Conversion Kit
1955-1957 Chevy Bel Air", tags such as "1967-69 Camaro, SBC 350, LS swap,
Ford 9-inch", sizes such as "-6 AN", "AN6" or "3/8 NPT". The parser reads all
of a product's text at once and returns:

- vehicle_years: every model year the product fits. Ranges are expanded
  ("1955-1957", "1967-69", "'67-'69" and "1964 1/2-1966" each give every
  year in between); lone four-digit years between 1928 and 2030 count, and a
  two-digit year counts only right before a known model ("68 Camaro").
- vehicle_makes / vehicle_models: canonical names from a small vocabulary of
  the models hot rodders build (Bel Air, Camaro, Mustang, Charger, ...). A
  model implies its make; an engine family alone does not (an LS swap goes
  into anything).
- engine_families: SBC, BBC, LS, Ford Windsor, Ford FE, Ford Coyote, Hemi,
  Mopar LA, Mopar B/RB, Pontiac V8, Olds V8, Buick V8.
- drivetrains: Ford 9-inch, GM 12-bolt, GM 10-bolt, Dana 60, Dana 44.
- an_sizes: AN dash sizes (-4 AN, AN -6, 6AN, AN6, #8 AN) between 2 and 20.
- thread_types: AN (when an AN size is present), NPT, ORB, Metric (M14x1.5),
  BSPP, Inverted Flare.
- is_universal_fit: tagged or titled universal, or no vehicle, engine or
  drivetrain fitment found.
- fitment_label: a short human summary.

Every list is sorted and de-duplicated, so the output does not depend on the
order of the input rows or of the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import pyarrow as pa

from hotrod.model_logic.columns import require_columns

PRODUCT_COLUMNS = ("product_id", "title", "tags", "product_type")
VARIANT_COLUMNS = ("product_id", "variant_id", "variant_title")
INPUT_COLUMNS = (*PRODUCT_COLUMNS, "variant_titles")

OUTPUT_SCHEMA = pa.schema(
    [
        ("product_id", pa.int64()),
        ("vehicle_years", pa.list_(pa.int32())),
        ("vehicle_makes", pa.list_(pa.string())),
        ("vehicle_models", pa.list_(pa.string())),
        ("engine_families", pa.list_(pa.string())),
        ("drivetrains", pa.list_(pa.string())),
        ("an_sizes", pa.list_(pa.int32())),
        ("thread_types", pa.list_(pa.string())),
        ("is_universal_fit", pa.bool_()),
        ("fitment_label", pa.string()),
    ]
)

MIN_YEAR, MAX_YEAR = 1928, 2030

# model pattern -> (canonical model, make)
MODELS: dict[str, tuple[str, str]] = {
    r"bel[\s-]?air": ("Bel Air", "Chevrolet"),
    r"camaro": ("Camaro", "Chevrolet"),
    r"chevelle": ("Chevelle", "Chevrolet"),
    r"nova|chevy\s+ii": ("Nova", "Chevrolet"),
    r"impala": ("Impala", "Chevrolet"),
    r"el\s?camino": ("El Camino", "Chevrolet"),
    r"corvette": ("Corvette", "Chevrolet"),
    r"c-?10(?!\d)": ("C10", "Chevrolet"),
    r"tri[\s-]?five": ("Bel Air", "Chevrolet"),
    r"mustang": ("Mustang", "Ford"),
    r"f-?100(?!\d)": ("F-100", "Ford"),
    r"falcon": ("Falcon", "Ford"),
    r"fairlane": ("Fairlane", "Ford"),
    r"model\s+a(?![a-z])": ("Model A", "Ford"),
    r"torino": ("Torino", "Ford"),
    r"charger": ("Charger", "Dodge"),
    r"challenger": ("Challenger", "Dodge"),
    r"dart": ("Dart", "Dodge"),
    r"(?:barra)?cuda": ("Barracuda", "Plymouth"),
    r"road\s?runner": ("Road Runner", "Plymouth"),
    r"gto": ("GTO", "Pontiac"),
    r"firebird|trans\s?am": ("Firebird", "Pontiac"),
    r"cutlass|442": ("Cutlass", "Oldsmobile"),
    r"skylark|gran\s+sport": ("Skylark", "Buick"),
}
MAKES: dict[str, str] = {
    r"chevy|chevrolet": "Chevrolet",
    r"ford": "Ford",
    r"dodge": "Dodge",
    r"plymouth": "Plymouth",
    r"pontiac": "Pontiac",
    r"oldsmobile|olds(?!\s*v8)": "Oldsmobile",
    r"buick": "Buick",
    r"gmc": "GMC",
    r"chrysler": "Chrysler",
}
ENGINES: dict[str, str] = {
    r"sbc|small[\s-]?block\s+chev(?:y|rolet)|(?:283|305|327|350|383|400)\s*(?:sbc|small[\s-]?block|stroker)": "SBC",
    r"bbc|big[\s-]?block\s+chev(?:y|rolet)|(?:396|402|427|454|502)\s*(?:bbc|big[\s-]?block)": "BBC",
    r"ls[1-7x](?![a-z0-9])|ls\s+swap|ls[\s-]based|gen\s+(?:iii|iv)\s+ls|ls\s+engine": "LS",
    r"windsor|(?:289|302|351)\s*w(?![a-z])|ford\s+(?:289|302)|(?:289|302)\s+ford|small[\s-]?block\s+ford|sbf": "Ford Windsor",
    r"ford\s+fe|(?:390|427|428)\s+fe|fe\s+(?:390|427|428)": "Ford FE",
    r"coyote": "Ford Coyote",
    r"hemi": "Hemi",
    r"(?:318|340|360)\s+(?:mopar|la)|mopar\s+(?:318|340|360)|small[\s-]?block\s+mopar": "Mopar LA",
    r"(?:383|400|440)\s+(?:mopar|rb|b)(?![a-z])|mopar\s+(?:383|440)|big[\s-]?block\s+mopar": "Mopar B/RB",
    r"pontiac\s+(?:v8|389|400|455)|(?:389|455)\s+pontiac": "Pontiac V8",
    r"olds\s+(?:v8|rocket|350|455)|oldsmobile\s+(?:v8|rocket)": "Olds V8",
    r"buick\s+(?:v8|nailhead|455)|nailhead": "Buick V8",
}
DRIVETRAINS: dict[str, str] = {
    r"9[\s-]?(?:inch|in\.?|\")(?:\s+ford)?|ford\s+9[\s-]?(?:inch|in)": "Ford 9-inch",
    r"12[\s-]?bolt": "GM 12-bolt",
    r"10[\s-]?bolt": "GM 10-bolt",
    r"dana\s*60": "Dana 60",
    r"dana\s*44": "Dana 44",
}


def _compile(table: dict[str, object]) -> list[tuple[re.Pattern, object]]:
    return [(re.compile(rf"(?<![a-z0-9]){pattern}", re.IGNORECASE), value) for pattern, value in table.items()]


_MODELS = _compile(MODELS)
_MAKES = _compile(MAKES)
_ENGINES = _compile(ENGINES)
_DRIVETRAINS = _compile(DRIVETRAINS)

_YEAR = r"(?:'(?P<{n}apo>\d{{2}})|(?P<{n}full>(?:19|20)\d{{2}})(?:\s+1/2)?)"
_RANGE = re.compile(
    r"(?<![\d/.-])" + _YEAR.format(n="a") + r"\s*(?:-|–|to|thru|through)\s*"
    r"(?:'(?P<bapo>\d{2})|(?P<bfull>(?:19|20)\d{2})|(?P<bshort>\d{2}))(?![\d/])",
    re.IGNORECASE,
)
_SINGLE_YEAR = re.compile(r"(?<![\d/.$-])((?:19|20)\d{2})(?![\d/]|\s*(?:cfm|lph|gph|psi|hp|w|v)\b)", re.IGNORECASE)
_TWO_DIGIT_BEFORE_MODEL = re.compile(
    r"(?<![\d/.$-])'?(\d{2})\s+(?=" + "|".join(f"(?:{p})" for p in MODELS) + r")", re.IGNORECASE
)
_AN_SIZE = re.compile(
    r"(?:(?<![\w/])-\s?(\d{1,2})\s?an\b|\ban\s?-?\s?(\d{1,2})(?![\d/])|(?<![\w/.-])(\d{1,2})\s?an\b|#(\d{1,2})\s?an\b|(?<![\w/])-(\d{1,2})(?=\s+(?:orb|o-ring|hose|fitting)))",
    re.IGNORECASE,
)
_NPT = re.compile(r"(\d/\d{1,2}|1)(?:\"|-inch|\s?in\.?)?\s?[-\s]?npt\b|\bnpt\b", re.IGNORECASE)
_ORB = re.compile(r"\borb\b|o-ring\s+boss", re.IGNORECASE)
_METRIC = re.compile(r"\bm\d{1,2}\s?x\s?\d(?:\.\d+)?\b", re.IGNORECASE)
_BSPP = re.compile(r"\bbspp?\b", re.IGNORECASE)
_FLARE = re.compile(r"inverted\s+flare", re.IGNORECASE)
_UNIVERSAL = re.compile(r"\buniversal\b", re.IGNORECASE)


def _expand_year(apo: str | None, full: str | None) -> int | None:
    if full:
        return int(full)
    if apo:
        value = int(apo)
        return 1900 + value if value >= 28 else 2000 + value
    return None


def _years(text: str) -> set[int]:
    years: set[int] = set()
    consumed = []
    for match in _RANGE.finditer(text):
        start = _expand_year(match.group("aapo"), match.group("afull"))
        if match.group("bfull"):
            end = int(match.group("bfull"))
        elif match.group("bapo") or match.group("bshort"):
            end = (start // 100) * 100 + int(match.group("bapo") or match.group("bshort"))
        else:
            continue
        if start and MIN_YEAR <= start <= end <= MAX_YEAR and end - start <= 40:
            years.update(range(start, end + 1))
            consumed.append(match.span())
    for match in _SINGLE_YEAR.finditer(text):
        if any(a <= match.start() < b for a, b in consumed):
            continue
        year = int(match.group(1))
        if MIN_YEAR <= year <= MAX_YEAR:
            years.add(year)
    for match in _TWO_DIGIT_BEFORE_MODEL.finditer(text):
        if any(a <= match.start() < b for a, b in consumed):
            continue
        value = int(match.group(1))
        year = 1900 + value if value >= 28 else 2000 + value
        if MIN_YEAR <= year <= MAX_YEAR:
            years.add(year)
    return years


def _an_sizes(text: str) -> set[int]:
    sizes = set()
    for match in _AN_SIZE.finditer(text):
        value = next(g for g in match.groups() if g)
        size = int(value)
        if 2 <= size <= 20:
            sizes.add(size)
    return sizes


def _npt_sizes(text: str) -> bool:
    return bool(_NPT.search(text))


def _label(years: list[int], makes: list[str], models: list[str], engines: list[str], universal: bool) -> str:
    if universal and not (years or makes or models or engines):
        return "Universal"
    parts = []
    vehicle = []
    if years:
        vehicle.append(f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]))
    vehicle.extend(makes)
    vehicle.extend(models)
    if vehicle:
        parts.append(" ".join(vehicle))
    if engines:
        parts.append(", ".join(engines))
    return "; ".join(parts) if parts else "Universal"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from pandas
        return ""
    return str(value)


def parse_product(title, tags, product_type, variant_titles: Iterable[str] | None = None) -> dict:
    """Parse one product's fitment and part attributes (see the module docstring)."""
    variant_text = " , ".join(_text(v) for v in (variant_titles if variant_titles is not None else []) if _text(v))
    text = " , ".join(part for part in (_text(title), _text(tags).replace(",", " , "), _text(product_type), variant_text) if part)
    text = re.sub(r"\s+", " ", text)

    models = {canonical for pattern, canonical in _MODELS if pattern.search(text)}
    model_names = sorted({m[0] for m in models})
    makes = {m[1] for m in models}
    makes.update(make for pattern, make in _MAKES if pattern.search(text))
    engines = sorted({family for pattern, family in _ENGINES if pattern.search(text)})
    drivetrains = sorted({name for pattern, name in _DRIVETRAINS if pattern.search(text)})
    years = sorted(_years(text))
    sizes = sorted(_an_sizes(text))

    threads = set()
    if sizes:
        threads.add("AN")
    if _npt_sizes(text):
        threads.add("NPT")
    if _ORB.search(text):
        threads.add("ORB")
    if _METRIC.search(text):
        threads.add("Metric")
    if _BSPP.search(text):
        threads.add("BSPP")
    if _FLARE.search(text):
        threads.add("Inverted Flare")

    makes_sorted = sorted(makes)
    no_fitment = not (years or makes_sorted or model_names or engines or drivetrains)
    universal = bool(_UNIVERSAL.search(text)) or no_fitment
    return {
        "vehicle_years": years,
        "vehicle_makes": makes_sorted,
        "vehicle_models": model_names,
        "engine_families": engines,
        "drivetrains": drivetrains,
        "an_sizes": sizes,
        "thread_types": sorted(threads),
        "is_universal_fit": universal,
        "fitment_label": _label(years, makes_sorted, model_names, engines, universal),
    }


def with_variant_titles(products: pd.DataFrame, variants: pd.DataFrame) -> pd.DataFrame:
    """The products (PRODUCT_COLUMNS) with variant_titles: their variants' titles in variant_id order, or none.

    variants: VARIANT_COLUMNS (stg_shopify__product_variants).
    """
    require_columns(products, PRODUCT_COLUMNS, function="with_variant_titles", argument="products")
    require_columns(variants, VARIANT_COLUMNS, function="with_variant_titles", argument="variants")
    titles = (
        variants.dropna(subset=["variant_title"])
        .sort_values(["product_id", "variant_id"])
        .groupby("product_id")["variant_title"]
        .agg(list)
    )
    frame = products[list(PRODUCT_COLUMNS)].copy()
    frame["variant_titles"] = frame["product_id"].map(titles)
    return frame


def parse_products(products: pd.DataFrame) -> pd.DataFrame:
    """One row per product_id with the OUTPUT_SCHEMA columns, sorted by product_id.

    Input columns (INPUT_COLUMNS): product_id, title, tags, product_type and
    variant_titles (a list of strings per product, or none).
    """
    require_columns(products, INPUT_COLUMNS, function="parse_products", argument="products")
    rows = []
    for record in products.sort_values("product_id").itertuples(index=False):
        variants = record.variant_titles
        if variants is not None and not isinstance(variants, (list, tuple)):
            variants = None if pd.isna(variants) else [variants]
        parsed = parse_product(record.title, record.tags, record.product_type, variants)
        rows.append({"product_id": int(record.product_id), **parsed})
    frame = pd.DataFrame(rows, columns=OUTPUT_SCHEMA.names)
    return frame.drop_duplicates("product_id", keep="last").reset_index(drop=True)

"""The bundled table (data/aliases.yaml): scope, structure, and that it is built from sources."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import entnorm
from entnorm._check import COMMON_WORDS, check_files
from entnorm._folding import fold_text

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff]")

# People the table must hold: heads of state/government and foreign ministers across regions.
MUST_HAVE_PEOPLE = """
donald-trump joe-biden barack-obama mike-pompeo antony-blinken marco-rubio rex-tillerson
justin-trudeau andres-manuel-lopez-obrador luiz-inacio-lula-da-silva jair-bolsonaro javier-milei
boris-johnson theresa-may rishi-sunak keir-starmer emmanuel-macron angela-merkel olaf-scholz
friedrich-merz giorgia-meloni mario-draghi ursula-von-der-leyen jens-stoltenberg mark-rutte
antonio-guterres vladimir-putin sergey-lavrov volodymyr-zelensky dmytro-kuleba
recep-tayyip-erdogan benjamin-netanyahu hassan-rouhani ebrahim-raisi mohammad-javad-zarif
narendra-modi s-jaishankar xi-jinping li-keqiang wang-yi tsai-ing-wen lai-ching-te
shinzo-abe yoshihide-suga fumio-kishida taro-kono moon-jae-in yoon-suk-yeol kang-kyung-wha
kim-jong-un kim-yo-jong choe-son-hui ferdinand-marcos-jr rodrigo-duterte joko-widodo
prabowo-subianto lee-hsien-loong anwar-ibrahim prayut-chan-o-cha hun-sen
""".split()

G20_CAPITALS = """
beijing tokyo seoul washington-dc moscow new-delhi brasilia ottawa mexico-city buenos-aires
london paris berlin rome canberra pretoria riyadh ankara jakarta brussels
""".split()

# People whose Chinese name the curators could not confirm: listed, reviewed, kept short.
PERSONS_WITHOUT_ZH = set(
    """
    harjit-sajjan david-mcguinty claudia-ruiz-massieu juan-ramon-de-la-fuente salvador-cienfuegos-zepeda
    luis-cresencio-sandoval aloysio-nunes raul-jungmann fernando-azevedo-e-silva walter-braga-netto
    jose-mucio hector-timerman gerardo-werthein agustin-rossi oscar-aguad jorge-taiana luis-petri
    sylvie-goulard catherine-vautrin enzo-moavero-milanesi elisabetta-trenta lorenzo-guerini
    angie-motshekga christian-stocker ognyan-gerdzhikov stefan-yanev galab-donev rosen-zhelyazkov
    kristen-michal vassiliki-thanou-christophilou ioannis-sarmas laimdota-straujuma evika-silina
    gintautas-paluckas inga-ruginiene sorin-grindeanu ludovit-odor abdul-hamid-dbeibeh
    abdul-halim-of-kedah abdullah-bin-nasser-bin-khalifa-al-thani abdullah-of-pahang
    albert-del-rosario aldo-rebelo ali-bagheri-kani andrii-sybiha andrii-taran andriy-zahorodniuk
    asaad-al-shaibani carlito-galvez-jr catalin-predoiu chansamone-chanyalath christopher-c-miller
    eli-cohen erywan-yusof feridun-sinirlioglu fikri-isik gabriel-oprea hartwig-loger
    ibrahim-abdulaziz-al-assaf ibrahim-iskandar-of-johor ismet-yilmaz jaques-wagner jason-kenney
    joaquim-silva-e-luna jose-antonio-meade kevin-andrews khalid-bin-khalifa-bin-abdul-aziz-al-thani
    kim-jong-gwan lee-ju-ho maris-sangiampongsa mihai-fifor mohamad-sabu mohamed-khaled-nordin
    muhammad-v-of-kelantan mya-tun-oo nurettin-canikli pablo-quirno
    paulo-sergio-nogueira-de-oliveira pavlo-klimkin perfecto-yasay-jr phumtham-wechayachai
    prince-mohamed-bolkiah ricardo-trevilla-trejo rob-nicholson ryamizard-ryacudu
    sihasak-phuangketkeow sjafrie-sjamsoeddin sorin-cimpeanu stepan-poltorak sutin-klungsang
    than-swe theresa-lazaro thongsavanh-phomvihane vadym-prystaiko vecdi-gonul voltaire-gazmin
    zambry-abdul-kadir
    goh-kun im-jong-seok francisco-guterres suleyman-soylu abdulaziz-bin-salman cho-young-kil
    yoo-young-min kim-dae-ki chung-jin-suk kang-hoon-sik kim-sung-han wi-sung-lac kim-il-chol
    jang-jong-nam norovyn-altankhuyag chimediin-saikhanbileg jargaltulgyn-erdenebat
    boungnang-vorachith surakiart-sathirathai surapong-tovichakchaikul syed-hamid-albar rais-yatim
    ahmad-zahid-hamidi fadillah-yusof juwono-sudarsono purnomo-yusgiantoro leni-robredo
    alberto-romulo blas-ople angelo-reyes norberto-gonzales martin-romualdez taur-matan-ruak
    rui-maria-de-araujo igor-sergeyev alexei-gromov natalya-timakova k-r-narayanan jagdeep-dhankhar
    c-p-radhakrishnan s-m-krishna a-k-antony randhir-jaiswal raveesh-kumar anurag-srivastava
    vikas-swarup ismail-cem yasar-yakis sabahattin-cakmakoglu omer-celik
    kay-ivey greg-gianforte michelle-lujan-grisham tina-kotek mike-kehoe jim-pillen kathleen-stephens
    john-beyrle
    """.split()
)


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load()


def test_scope_counts(nz: entnorm.Normalizer) -> None:
    types = Counter(e.type for e in nz.entities)
    assert types["PERSON"] >= 500
    assert types["GPE"] + types["ORG"] + types["LOC"] + types["FAC"] + types["EVENT"] >= 400
    assert sum(1 for e in nz.entities if e.id.startswith("united-nations") or e.id == "united-nations") >= 1


@pytest.mark.parametrize("entity_id", MUST_HAVE_PEOPLE)
def test_must_have_people(nz: entnorm.Normalizer, entity_id: str) -> None:
    ent = nz.get(entity_id)
    assert ent is not None and ent.type == "PERSON"


@pytest.mark.parametrize("entity_id", G20_CAPITALS)
def test_g20_capitals(nz: entnorm.Normalizer, entity_id: str) -> None:
    ent = nz.get(entity_id)
    assert ent is not None and ent.type == "GPE"


def test_every_un_member_style_country_has_cjk_and_russian_names(nz: entnorm.Normalizer) -> None:
    for cid in ["south-korea", "north-korea", "united-states", "japan", "china", "russia", "turkey", "ukraine"]:
        ent = nz.get(cid)
        assert ent is not None, cid
        names = " ".join(ent.aliases)
        assert HAN.search(names) and re.search(r"[\uac00-\ud7af]", names) and re.search(r"[а-яА-Я]", names), cid


def test_every_person_has_a_chinese_name_or_is_a_reviewed_exception(nz: entnorm.Normalizer) -> None:
    missing = {e.id for e in nz.entities if e.type == "PERSON" and not HAN.search(" ".join(e.aliases + e.weak_aliases))}
    assert missing == PERSONS_WITHOUT_ZH


def test_no_ordinary_word_is_a_strong_alias(nz: entnorm.Normalizer) -> None:
    bad = [
        (e.id, a)
        for e in nz.entities
        for a in e.aliases
        if fold_text(a) in COMMON_WORDS and not (a.isupper() and len(a) <= 6)
    ]
    assert bad == []


def test_never_korea_alone_and_ids_unique(nz: entnorm.Normalizer) -> None:
    assert len({e.id for e in nz.entities}) == len(nz.entities)
    assert not any(fold_text(a) == "korea" for e in nz.entities for a in (*e.aliases, *e.weak_aliases))


def test_check_runs_clean() -> None:
    findings = check_files([ROOT / "data" / "aliases.yaml"])
    assert [f for f in findings if f.level == "error"] == []


def test_built_table_is_up_to_date_with_its_sources() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_aliases.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_garbled_leaders_are_found_with_the_bundled_table(nz: entnorm.Normalizer) -> None:
    text = (
        # A reading shaped like a Chinese name ("Jin Zhengen", "Wen Zaiyin") needs support: here
        # a title that fits one of the person's roles.
        "President Te Langpu met Chairman Jin Zhengen. Chancellor Mo Keer and President Ma Kelong spoke. "
        "Pujing and La Fuluofu replied to Zelenski. Prime Minister An Bei Jinsan and President Wen Zaiyin agreed. "
        "Secretary Bulinken called Wang Yi."
    )
    ids = [m.entity_id for m in nz.find(text) if m.type == "PERSON"]
    assert ids == [
        "donald-trump",
        "kim-jong-un",
        "angela-merkel",
        "emmanuel-macron",
        "vladimir-putin",
        "sergey-lavrov",
        "volodymyr-zelensky",
        "shinzo-abe",
        "moon-jae-in",
        "antony-blinken",
        "wang-yi",
    ]


# --- generated places (scripts/build_places.py) and historical states ------------------------

SOURCES = ROOT / "data" / "sources"


def _ids_in(name: str) -> set[str]:
    return set(re.findall(r"^  - id: (\S+)\n    name:", (SOURCES / name).read_text(encoding="utf-8"), re.M))


def test_generated_places_cover_cities_and_subdivisions(nz: entnorm.Normalizer) -> None:
    assert len(_ids_in("world-cities.yaml")) >= 1500  # new cities of 300,000+ (others extend capitals)
    assert len(_ids_in("world-subdivisions.yaml")) >= 3000  # ISO 3166-2 first-level subdivisions
    text = "Officials from Sydney, Lagos, Karachi, Bavaria, Guangdong and São Paulo met. 悉尼和拉各斯。"
    assert [m.entity_id for m in nz.find(text)] == [
        "sydney",
        "lagos-nigeria",
        "karachi",
        "bavaria",
        "guangdong",
        "sao-paulo",
        "sydney",
        "lagos-nigeria",
    ]


def test_english_names_that_geonames_and_cedict_share_are_aliases(nz: entnorm.Normalizer) -> None:
    assert [m.entity_id for m in nz.find("From Cologne and Calcutta to Köln and Kolkata.")] == [
        "koln-germany",
        "kolkata",
        "koln-germany",
        "kolkata",
    ]


def test_place_names_that_are_words_or_personal_names_are_weak(nz: entnorm.Normalizer) -> None:
    strong = {fold_text(a) for e in nz.entities for a in (e.name, *e.aliases)}
    weak = {fold_text(a) for e in nz.entities for a in e.weak_aliases}
    for word in ("reading", "nice", "west", "central", "northern"):
        assert word not in strong, word
    assert {"reading", "nice"} <= weak
    # a bare compass word, or the pinyin of a smaller Chinese city (how MT writes Raisi), is no alias at all
    assert not {"west", "central", "laixi"} & weak
    reading = nz.get("reading-united-kingdom")
    assert reading is not None and "Reading" in reading.weak_aliases


def test_a_name_the_table_already_had_stays_with_its_entity(nz: entnorm.Normalizer) -> None:
    state = nz.get("washington-state-united-states")
    assert state is not None and "Washington" not in (*state.aliases, *state.weak_aliases)
    text = "The White House in Washington, D.C. said Washington would reply."
    assert [m.entity_id for m in nz.find(text)][-1] == "washington-dc"
    prefecture, city = nz.get("osaka-prefecture"), nz.get("osaka")
    assert prefecture is not None and city is not None and "大阪府" in prefecture.aliases


def test_cjk_names_of_smaller_foreign_places_are_weak(nz: entnorm.Normalizer) -> None:
    # folded to Latin, 康康 reads "kang kang": strong, it cut "Kang Kyong-hwa" short
    kankan = nz.get("kankan")
    assert kankan is not None and "康康" in kankan.weak_aliases
    text = "Foreign Minister Kang Kyung-wha and Taro Kono met. The day before, Kang Kyong-hwa and Kono met."
    assert "Kang Kyong-hwa" in [m.text for m in nz.find(text)]


def test_historical_states_take_their_whole_name(nz: entnorm.Normalizer) -> None:
    text = "He grew up in East Germany; the Soviet Union and the Warsaw Pact collapsed. 苏联解体后，南斯拉夫也解体了。"
    assert [m.entity_id for m in nz.find(text)] == [
        "east-germany",
        "soviet-union",
        "warsaw-pact",
        "soviet-union",
        "yugoslavia",
    ]


def test_generated_sources_are_current_with_the_pinned_packages() -> None:
    """Rebuilds in memory with the exact versions pinned in the [build] extra; skips without them."""
    import importlib.metadata

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from build_places import PINS
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    for package, version in PINS.items():
        try:
            have = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            pytest.skip(f"{package} is not installed (pip install -e '.[build]')")
        if have != version:
            pytest.skip(f"{package} {have} installed, {version} pinned")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_places.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_subdivisions_named_like_words_are_not_linked_by_the_word(nz: entnorm.Normalizer) -> None:
    # Meta (Colombia), Delta (Nigeria), Store (Slovenia): real-MT text means the company, the word;
    # "Fukui" (5 letters) is a weak alias, kept out of fuzzy matching, so the prefecture has its typed name
    text = "Shares in Meta fell. The Delta encoder ships from Shenzhen. Hebei Store has no branch."
    assert {m.entity_id for m in nz.find(text)} <= {"shenzhen", "hebei", "meta-platforms"}  # Meta: the company
    # typed names are aliases, so they win over a fuzzy match of the whole phrase
    assert [m.entity_id for m in nz.find("Yunnan Province and Fukui Prefecture")] == ["yunnan", "fukui-prefecture"]


def test_a_subdivision_is_never_merged_into_a_country(nz: entnorm.Normalizer) -> None:
    """The US state Georgia is not the country (whose Japanese name is ジョージア since 2015), nor
    Niger State the Niger, nor Panamá Province Panama; a subdivision named as its country does
    not take the country's own native names (ベリーズ, 卢森堡: a bare mention means the country)."""
    country, state = nz.get("georgia"), nz.get("georgia-state-united-states")
    assert country is not None and state is not None
    assert "佐治亚州" not in country.aliases and "Джорджия" not in country.aliases
    assert "Джорджия" in state.aliases and "ジョージア" not in (*state.aliases, *state.weak_aliases)
    assert [m.entity_id for m in nz.find("ジョージアのトビリシ")] == ["georgia", "tbilisi"]
    for sub_id, country_id in [
        ("niger-state-nigeria", "niger"),
        ("panama-province", "panama"),
        ("belize-district-belize", "belize"),
        ("luxembourg-canton-luxembourg", "luxembourg"),
    ]:
        sub, whole = nz.get(sub_id), nz.get(country_id)
        assert sub is not None and whole is not None
        assert not set(whole.aliases) & {*sub.aliases, *sub.weak_aliases}, sub_id
    assert [m.entity_id for m in nz.find("卢森堡和比利时")] == ["luxembourg", "belgium"]


def test_foreign_subdivision_names_with_their_designator_are_strong(nz: entnorm.Normalizer) -> None:
    """佛罗里达州 (Florida State) reads "foluolidazhou": no garbled personal name, so it links
    alone; a short foreign name without one (康康) stays weak."""
    florida = nz.get("florida")
    assert florida is not None and "佛罗里达州" in florida.aliases
    assert [(m.text, m.entity_id) for m in nz.find("他在佛罗里达州说")] == [("佛罗里达州", "florida")]
    assert [m.entity_id for m in nz.find("佐治亚州州长")] == ["georgia-state-united-states"]

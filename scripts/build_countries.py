#!/usr/bin/env python3
"""Build data/sources/countries.yaml: UN members and observers, Taiwan, Kosovo and their capitals.

Build-time helper only: it needs ``pycountry`` (``pip install pycountry``), which the library
itself never imports.  Re-running it regenerates the file byte for byte.

Where the names come from
-------------------------
* Country list and ISO names: pycountry (ISO 3166-1), restricted to the curated ``COUNTRIES``
  table below (193 UN member states, the two observers, Taiwan; Kosovo, which has no ISO
  code, is written out by hand).
* Native names (zh = simplified Chinese, ja, ko, ru): pycountry's gettext catalogs for
  iso3166-1.  Those translate the formal ISO names ("Korea, Republic of") and contain a few
  errors, so ``NATIVE_OVERRIDES`` replaces a language's list for a country wherever the
  catalog is wrong, formal-only, inverted, or lacks the short form news uses.  A language
  missing from an override keeps pycountry's names.
* Capitals: pycountry has none; ``CAPITALS`` is curated by hand and gives a native name only
  where the form is certain (the field is left empty otherwise: never guess).
"""

from __future__ import annotations

import gettext
import re
import sys
import unicodedata
from pathlib import Path

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "sources" / "countries.yaml"
LANGS = (("zh", "zh_CN"), ("ja", "ja"), ("ko", "ko"), ("ru", "ru"))

# ---------------------------------------------------------------------------------------
# Countries.  (ISO alpha-2 or None, id, name = English Wikipedia title form,
#              English aliases, English weak aliases, options)
# options: "official": replaces pycountry's official English name (None drops it);
#          "no_iso_official": do not use pycountry's official name in any language
#          (it is outdated or wrong there too).
# ---------------------------------------------------------------------------------------
C = tuple  # readability alias

COUNTRIES: list[tuple] = [
    C(("AF", "afghanistan", "Afghanistan", ["Islamic Emirate of Afghanistan"], [], {})),
    C(("AL", "albania", "Albania", [], [], {})),
    C(("DZ", "algeria", "Algeria", [], [], {})),
    C(("AD", "andorra", "Andorra", [], [], {})),
    C(("AO", "angola", "Angola", [], [], {})),
    C(("AG", "antigua-and-barbuda", "Antigua and Barbuda", [], [], {})),
    C(("AR", "argentina", "Argentina", [], [], {})),
    C(("AM", "armenia", "Armenia", [], [], {})),
    C(("AU", "australia", "Australia", ["Commonwealth of Australia"], [], {})),
    C(("AT", "austria", "Austria", [], [], {})),
    C(("AZ", "azerbaijan", "Azerbaijan", [], [], {})),
    C(("BS", "bahamas", "The Bahamas", ["Bahamas", "Commonwealth of The Bahamas"], [], {"official": None})),
    C(("BH", "bahrain", "Bahrain", [], [], {})),
    C(("BD", "bangladesh", "Bangladesh", [], [], {})),
    C(("BB", "barbados", "Barbados", [], [], {})),
    C(("BY", "belarus", "Belarus", [], [], {})),
    C(("BE", "belgium", "Belgium", [], [], {})),
    C(("BZ", "belize", "Belize", [], [], {})),
    C(("BJ", "benin", "Benin", [], [], {})),
    C(("BT", "bhutan", "Bhutan", [], [], {})),
    C(("BO", "bolivia", "Bolivia", [], [], {})),
    C(("BA", "bosnia-and-herzegovina", "Bosnia and Herzegovina", ["Bosnia-Herzegovina"], [], {"no_iso_official": True})),
    C(("BW", "botswana", "Botswana", [], [], {})),
    C(("BR", "brazil", "Brazil", [], [], {})),
    C(("BN", "brunei", "Brunei", ["Nation of Brunei"], [], {})),
    C(("BG", "bulgaria", "Bulgaria", [], [], {})),
    C(("BF", "burkina-faso", "Burkina Faso", [], [], {})),
    C(("BI", "burundi", "Burundi", [], [], {})),
    C(("CV", "cape-verde", "Cape Verde", [], [], {})),
    C(("KH", "cambodia", "Cambodia", [], [], {})),
    C(("CM", "cameroon", "Cameroon", [], [], {})),
    C(("CA", "canada", "Canada", [], [], {})),
    C(("CF", "central-african-republic", "Central African Republic", [], [], {})),
    C(("TD", "chad", "Chad", [], [], {})),
    C(("CL", "chile", "Chile", [], [], {})),
    C(("CN", "china", "China", ["PRC"], [], {})),
    C(("CO", "colombia", "Colombia", [], [], {})),
    C(("KM", "comoros", "Comoros", [], [], {})),
    C(("CG", "republic-of-the-congo", "Republic of the Congo", ["Congo-Brazzaville"], ["Congo"], {"official": None})),
    C(("CD", "democratic-republic-of-the-congo", "Democratic Republic of the Congo",
       ["DR Congo", "DRC", "Congo-Kinshasa"], ["Congo"], {})),
    C(("CR", "costa-rica", "Costa Rica", [], [], {})),
    C(("CI", "ivory-coast", "Ivory Coast", ["Cote d'Ivoire", "Republic of Cote d'Ivoire"], [], {})),
    C(("HR", "croatia", "Croatia", [], [], {})),
    C(("CU", "cuba", "Cuba", [], [], {})),
    C(("CY", "cyprus", "Cyprus", [], [], {})),
    C(("CZ", "czech-republic", "Czech Republic", [], [], {})),
    C(("DK", "denmark", "Denmark", [], [], {})),
    C(("DJ", "djibouti", "Djibouti", [], [], {})),
    C(("DM", "dominica", "Dominica", [], [], {})),
    C(("DO", "dominican-republic", "Dominican Republic", [], [], {})),
    C(("EC", "ecuador", "Ecuador", [], [], {})),
    C(("EG", "egypt", "Egypt", [], [], {})),
    C(("SV", "el-salvador", "El Salvador", [], [], {})),
    C(("GQ", "equatorial-guinea", "Equatorial Guinea", [], [], {})),
    C(("ER", "eritrea", "Eritrea", [], [], {})),
    C(("EE", "estonia", "Estonia", [], [], {})),
    C(("SZ", "eswatini", "Eswatini", ["Swaziland"], [], {})),
    C(("ET", "ethiopia", "Ethiopia", [], [], {})),
    C(("FJ", "fiji", "Fiji", [], [], {})),
    C(("FI", "finland", "Finland", [], [], {})),
    C(("FR", "france", "France", [], [], {})),
    C(("GA", "gabon", "Gabon", [], [], {})),
    C(("GM", "gambia", "The Gambia", ["Gambia"], [], {})),
    C(("GE", "georgia", "Georgia", [], [], {})),
    C(("DE", "germany", "Germany", [], [], {})),
    C(("GH", "ghana", "Ghana", [], [], {})),
    C(("GR", "greece", "Greece", [], [], {})),
    C(("GD", "grenada", "Grenada", [], [], {})),
    C(("GT", "guatemala", "Guatemala", [], [], {})),
    C(("GN", "guinea", "Guinea", [], [], {})),
    C(("GW", "guinea-bissau", "Guinea-Bissau", [], [], {})),
    C(("GY", "guyana", "Guyana", [], [], {})),
    C(("HT", "haiti", "Haiti", [], [], {})),
    C(("HN", "honduras", "Honduras", [], [], {})),
    C(("HU", "hungary", "Hungary", [], [], {})),
    C(("IS", "iceland", "Iceland", [], [], {})),
    C(("IN", "india", "India", ["Bharat"], [], {})),
    C(("ID", "indonesia", "Indonesia", [], [], {})),
    C(("IR", "iran", "Iran", [], [], {})),
    C(("IQ", "iraq", "Iraq", [], [], {})),
    C(("IE", "ireland", "Ireland", ["Republic of Ireland"], [], {})),
    C(("IL", "israel", "Israel", [], [], {})),
    C(("IT", "italy", "Italy", [], [], {})),
    C(("JM", "jamaica", "Jamaica", [], [], {})),
    C(("JP", "japan", "Japan", [], [], {})),
    C(("JO", "jordan", "Jordan", [], [], {})),
    C(("KZ", "kazakhstan", "Kazakhstan", [], [], {})),
    C(("KE", "kenya", "Kenya", [], [], {})),
    C(("KI", "kiribati", "Kiribati", [], [], {})),
    C(("KW", "kuwait", "Kuwait", [], [], {})),
    C(("KG", "kyrgyzstan", "Kyrgyzstan", [], [], {})),
    C(("LA", "laos", "Laos", ["Lao PDR"], [], {})),
    C(("LV", "latvia", "Latvia", [], [], {})),
    C(("LB", "lebanon", "Lebanon", [], [], {})),
    C(("LS", "lesotho", "Lesotho", [], [], {})),
    C(("LR", "liberia", "Liberia", [], [], {})),
    C(("LY", "libya", "Libya", ["State of Libya"], [], {})),
    C(("LI", "liechtenstein", "Liechtenstein", [], [], {})),
    C(("LT", "lithuania", "Lithuania", [], [], {})),
    C(("LU", "luxembourg", "Luxembourg", [], [], {})),
    C(("MG", "madagascar", "Madagascar", [], [], {})),
    C(("MW", "malawi", "Malawi", [], [], {})),
    C(("MY", "malaysia", "Malaysia", [], [], {})),
    C(("MV", "maldives", "Maldives", [], [], {})),
    C(("ML", "mali", "Mali", [], [], {})),
    C(("MT", "malta", "Malta", [], [], {})),
    C(("MH", "marshall-islands", "Marshall Islands", [], [], {})),
    C(("MR", "mauritania", "Mauritania", [], [], {})),
    C(("MU", "mauritius", "Mauritius", [], [], {})),
    C(("MX", "mexico", "Mexico", [], [], {})),
    C(("FM", "micronesia", "Federated States of Micronesia", [], ["Micronesia"], {})),
    C(("MD", "moldova", "Moldova", [], [], {})),
    C(("MC", "monaco", "Monaco", [], [], {})),
    C(("MN", "mongolia", "Mongolia", [], [], {})),
    C(("ME", "montenegro", "Montenegro", [], [], {})),
    C(("MA", "morocco", "Morocco", [], [], {})),
    C(("MZ", "mozambique", "Mozambique", [], [], {})),
    C(("MM", "myanmar", "Myanmar", ["Burma"], [], {"official": "Republic of the Union of Myanmar"})),
    C(("NA", "namibia", "Namibia", [], [], {})),
    C(("NR", "nauru", "Nauru", [], [], {})),
    C(("NP", "nepal", "Nepal", [], [], {})),
    C(("NL", "netherlands", "Netherlands", ["The Netherlands"], ["Holland"], {})),
    C(("NZ", "new-zealand", "New Zealand", [], [], {})),
    C(("NI", "nicaragua", "Nicaragua", [], [], {})),
    C(("NE", "niger", "Niger", [], [], {})),
    C(("NG", "nigeria", "Nigeria", [], [], {})),
    C(("KP", "north-korea", "North Korea", ["DPRK", "D.P.R.K."], [], {})),
    C(("MK", "north-macedonia", "North Macedonia", [], ["Macedonia"], {})),
    C(("NO", "norway", "Norway", [], [], {})),
    C(("OM", "oman", "Oman", [], [], {})),
    C(("PK", "pakistan", "Pakistan", [], [], {})),
    C(("PW", "palau", "Palau", [], [], {})),
    C(("PA", "panama", "Panama", [], [], {})),
    C(("PG", "papua-new-guinea", "Papua New Guinea", ["PNG"], [], {})),
    C(("PY", "paraguay", "Paraguay", [], [], {})),
    C(("PE", "peru", "Peru", [], [], {})),
    C(("PH", "philippines", "Philippines", ["The Philippines"], [], {})),
    C(("PL", "poland", "Poland", [], [], {})),
    C(("PT", "portugal", "Portugal", [], [], {})),
    C(("QA", "qatar", "Qatar", [], [], {})),
    C(("RO", "romania", "Romania", [], [], {})),
    C(("RU", "russia", "Russia", [], [], {})),
    C(("RW", "rwanda", "Rwanda", [], [], {"official": "Republic of Rwanda"})),
    C(("KN", "saint-kitts-and-nevis", "Saint Kitts and Nevis", ["St Kitts and Nevis", "St. Kitts and Nevis"], [], {})),
    C(("LC", "saint-lucia", "Saint Lucia", ["St Lucia", "St. Lucia"], [], {})),
    C(("VC", "saint-vincent-and-the-grenadines", "Saint Vincent and the Grenadines",
       ["St Vincent and the Grenadines", "St. Vincent and the Grenadines"], [], {})),
    C(("WS", "samoa", "Samoa", [], [], {})),
    C(("SM", "san-marino", "San Marino", [], [], {})),
    C(("ST", "sao-tome-and-principe", "São Tomé and Príncipe", [], [], {})),
    C(("SA", "saudi-arabia", "Saudi Arabia", ["KSA"], [], {})),
    C(("SN", "senegal", "Senegal", [], [], {})),
    C(("RS", "serbia", "Serbia", [], [], {})),
    C(("SC", "seychelles", "Seychelles", [], [], {})),
    C(("SL", "sierra-leone", "Sierra Leone", [], [], {})),
    C(("SG", "singapore", "Singapore", [], [], {})),
    C(("SK", "slovakia", "Slovakia", [], [], {})),
    C(("SI", "slovenia", "Slovenia", [], [], {})),
    C(("SB", "solomon-islands", "Solomon Islands", [], [], {})),
    C(("SO", "somalia", "Somalia", [], [], {})),
    C(("ZA", "south-africa", "South Africa", [], [], {})),
    C(("KR", "south-korea", "South Korea", ["Republic of Korea", "ROK", "R.O.K."], [], {})),
    C(("SS", "south-sudan", "South Sudan", [], [], {})),
    C(("ES", "spain", "Spain", [], [], {})),
    C(("LK", "sri-lanka", "Sri Lanka", [], [], {})),
    C(("SD", "sudan", "Sudan", [], [], {})),
    C(("SR", "suriname", "Suriname", [], [], {})),
    C(("SE", "sweden", "Sweden", [], [], {})),
    C(("CH", "switzerland", "Switzerland", [], [], {})),
    C(("SY", "syria", "Syria", [], [], {})),
    C(("TJ", "tajikistan", "Tajikistan", [], [], {})),
    C(("TZ", "tanzania", "Tanzania", [], [], {})),
    C(("TH", "thailand", "Thailand", [], [], {})),
    C(("TL", "east-timor", "East Timor", [], [], {})),
    C(("TG", "togo", "Togo", [], [], {})),
    C(("TO", "tonga", "Tonga", [], [], {})),
    C(("TT", "trinidad-and-tobago", "Trinidad and Tobago", [], [], {})),
    C(("TN", "tunisia", "Tunisia", [], [], {})),
    C(("TR", "turkey", "Turkey", ["Turkiye", "Republic of Turkey", "Republic of Turkiye"], [], {})),
    C(("TM", "turkmenistan", "Turkmenistan", [], [], {})),
    C(("TV", "tuvalu", "Tuvalu", [], [], {})),
    C(("UG", "uganda", "Uganda", [], [], {})),
    C(("UA", "ukraine", "Ukraine", [], [], {})),
    C(("AE", "united-arab-emirates", "United Arab Emirates", ["UAE", "U.A.E."], ["Emirates"], {})),
    C(("GB", "united-kingdom", "United Kingdom", ["UK", "U.K.", "Britain", "Great Britain"], [], {})),
    C(("US", "united-states", "United States", ["US", "U.S.", "USA", "U.S.A.", "America"], [], {})),
    C(("UY", "uruguay", "Uruguay", [], [], {})),
    C(("UZ", "uzbekistan", "Uzbekistan", [], [], {})),
    C(("VU", "vanuatu", "Vanuatu", [], [], {})),
    C(("VE", "venezuela", "Venezuela", [], [], {})),
    C(("VN", "vietnam", "Vietnam", [], [], {})),
    C(("YE", "yemen", "Yemen", [], [], {})),
    C(("ZM", "zambia", "Zambia", [], [], {})),
    C(("ZW", "zimbabwe", "Zimbabwe", [], [], {})),
    # UN observer states
    C(("VA", "vatican-city", "Vatican City", ["Holy See", "Vatican", "Vatican City State"], [], {})),
    C(("PS", "palestine", "State of Palestine", ["Palestine"], [], {})),
    # Not UN members, in scope by decision
    C(("TW", "taiwan", "Taiwan", [], ["Republic of China", "ROC"], {})),
    C((None, "kosovo", "Kosovo", ["Republic of Kosovo"], [], {})),
]

# Native names that replace pycountry's for one language (the list is the whole set used).
# Reasons are noted where pycountry is wrong rather than merely formal.
NATIVE_OVERRIDES: dict[str, dict[str, list[str]]] = {
    "australia": {"ja": ["オーストラリア"], "ko": ["호주", "오스트레일리아"]},  # ja: ISO gives the formal 連邦 form as short name
    "bangladesh": {"zh": ["孟加拉国", "孟加拉人民共和国"]},  # zh standard short form keeps 国
    "bahamas": {"ja": ["バハマ"]},
    "belarus": {"ru": ["Беларусь", "Белоруссия", "Республика Беларусь"]},
    "bolivia": {"zh": ["玻利维亚", "多民族玻利维亚国"], "ja": ["ボリビア", "ボリビア多民族国"],  # zh: ISO has 共和国 (obsolete) and 波利维亚 (misspelt)
                "ko": ["볼리비아"]},
    "bosnia-and-herzegovina": {"ja": ["ボスニア・ヘルツェゴビナ"]},
    "brunei": {"ja": ["ブルネイ", "ブルネイ・ダルサラーム国"], "ko": ["브루나이"], "zh": ["文莱", "文莱达鲁萨兰国"]},
    "cambodia": {"zh": ["柬埔寨", "柬埔寨王国"]},  # ISO catalog misspells 柬埔塞
    "central-african-republic": {"ru": ["Центральноафриканская Республика", "ЦАР"]},  # ISO: wrong hyphenation and case
    "china": {"ru": ["Китай", "КНР", "Китайская Народная Республика"]},
    "czech-republic": {"zh": ["捷克", "捷克共和国"]},
    "democratic-republic-of-the-congo": {"ru": ["Демократическая Республика Конго", "ДР Конго", "ДРК"]},
    "dominica": {"ja": ["ドミニカ国"]},  # bare ドミニカ usually means the Dominican Republic
    "dominican-republic": {"ru": ["Доминиканская Республика"]},  # ISO: lower-case республика
    "eritrea": {"ja": ["エリトリア", "エリトリア国"]},
    "georgia": {"ja": ["ジョージア", "グルジア"], "ko": ["조지아", "그루지야"], "ru": ["Грузия"]},  # ja: official name since 2015
    "germany": {"ru": ["Германия", "ФРГ", "Федеративная Республика Германия"]},
    "guatemala": {"zh": ["危地马拉", "危地马拉共和国", "瓜地马拉"]},  # zh: ISO gives the Taiwan form only
    "iran": {"ru": ["Иран", "Исламская Республика Иран"]},
    "kosovo": {"zh": ["科索沃"], "ja": ["コソボ"], "ko": ["코소보"], "ru": ["Косово"]},
    "kyrgyzstan": {"zh": ["吉尔吉斯斯坦", "吉尔吉斯共和国"], "ja": ["キルギス", "キルギス共和国", "キルギスタン"],  # zh: ISO drops a 斯
                   "ru": ["Киргизия", "Кыргызстан", "Республика Кыргызстан"]},
    "malta": {"zh": ["马耳他", "马耳他共和国"]},  # zh: ISO gives the Taiwan form 马尔他
    "moldova": {"ru": ["Молдавия", "Молдова", "Республика Молдова"]},
    "micronesia": {"zh": ["密克罗尼西亚联邦"]},  # bare 密克罗尼西亚 is the region: weak
    "mongolia": {"zh": ["蒙古国"], "ja": ["モンゴル", "モンゴル国"]},  # zh: bare 蒙古 also means the people / Inner Mongolia: weak
    "myanmar": {"zh": ["缅甸", "缅甸联邦共和国"], "ja": ["ミャンマー", "ミャンマー連邦共和国"], "ko": ["미얀마", "버마"], "ru": ["Мьянма", "Бирма"]},
    "north-korea": {"zh": ["朝鲜", "朝鲜民主主义人民共和国", "北韩"], "ja": ["北朝鮮", "朝鮮民主主義人民共和国"],
                    "ko": ["북한", "조선민주주의인민공화국"], "ru": ["КНДР", "Северная Корея", "Корейская Народно-Демократическая Республика"]},
    "oman": {"ko": ["오만"]},  # ISO's ko official form is not the sultanate's name
    "palestine": {"ja": ["パレスチナ"], "ko": ["팔레스타인"]},  # ja: ISO official form means the autonomous areas
    "republic-of-the-congo": {"ru": ["Республика Конго"], "zh": ["刚果共和国"], "ja": ["コンゴ共和国"], "ko": ["콩고 공화국"]},
    "russia": {"ja": ["ロシア", "ロシア連邦"], "ko": ["러시아", "러시아 연방"], "ru": ["Россия", "Российская Федерация", "РФ"],
               "zh": ["俄罗斯", "俄罗斯联邦"]},
    "saudi-arabia": {"zh": ["沙特阿拉伯", "沙特阿拉伯王国", "沙特"], "ko": ["사우디아라비아", "사우디"]},
    "south-africa": {"ko": ["남아프리카 공화국", "남아공"], "ru": ["ЮАР", "Южная Африка", "Южно-Африканская Республика"]},
    "south-korea": {"zh": ["韩国", "大韩民国", "南韩"], "ja": ["韓国", "大韓民国"],  # ja: ISO "大韓民国 (韓国)" in one string
                    "ko": ["대한민국", "한국", "남한"], "ru": ["Южная Корея", "Республика Корея"]},
    "taiwan": {"zh": ["台湾"], "ja": ["台湾"], "ko": ["대만", "타이완"], "ru": ["Тайвань"]},  # ISO: "Province of China" forms
    "tanzania": {"ja": ["タンザニア", "タンザニア連合共和国"]},  # ISO ja misspells タニザニア
    "thailand": {"ko": ["태국"]},  # ISO ko official form is doubtful
    "turkey": {"ko": ["튀르키예", "터키", "튀르키예 공화국"]},
    "united-arab-emirates": {"zh": ["阿联酋", "阿拉伯联合酋长国"], "ru": ["ОАЭ", "Объединённые Арабские Эмираты"]},
    "united-kingdom": {"ja": ["英国", "イギリス", "グレートブリテン及び北アイルランド連合王国"],
                       "ko": ["영국", "그레이트브리튼 북아일랜드 연합왕국"],  # ISO ko official = British Empire
                       "ru": ["Великобритания", "Соединённое Королевство",
                              "Соединённое Королевство Великобритании и Северной Ирландии"]},
    "united-states": {"ja": ["米国", "アメリカ", "アメリカ合衆国"], "ko": ["미국", "미합중국"],
                      "ru": ["США", "Соединённые Штаты", "Соединённые Штаты Америки"]},  # ISO ru: lower-case штаты
    "uruguay": {"ko": ["우루과이"], "ru": ["Уругвай", "Восточная Республика Уругвай"]},
    "vatican-city": {"zh": ["梵蒂冈", "教廷"], "ja": ["バチカン", "バチカン市国", "ローマ教皇庁"],  # ISO ja/ko/ru: formal or mixed strings
                     "ko": ["바티칸", "바티칸 시국", "교황청"], "ru": ["Ватикан", "Святой Престол", "Государство-город Ватикан"]},
}

# Native weak aliases (ambiguous short forms), per id and language.
NATIVE_WEAK: dict[str, dict[str, list[str]]] = {
    "republic-of-the-congo": {"zh": ["刚果"], "ja": ["コンゴ"], "ko": ["콩고"], "ru": ["Конго"]},
    "democratic-republic-of-the-congo": {"zh": ["刚果"], "ja": ["コンゴ"], "ko": ["콩고"], "ru": ["Конго"]},
    "dominica": {"ja": ["ドミニカ"]},
    "micronesia": {"zh": ["密克罗尼西亚"]},
    "mongolia": {"zh": ["蒙古"]},
    "taiwan": {"zh": ["中华民国"]},
}

# ---------------------------------------------------------------------------------------
# Capitals: country id -> list of "English name | English aliases (;) | zh | ja | ko | ru".
# Empty native field = not certain, left out.  City-states whose capital is the country
# itself (Singapore, Monaco, Vatican City) have no separate entry.
# ---------------------------------------------------------------------------------------
CAPITALS: dict[str, list[str]] = {
    "afghanistan": ["Kabul||喀布尔|カブール|카불|Кабул"],
    "albania": ["Tirana|Tirane|地拉那|ティラナ|티라나|Тирана"],
    "algeria": ["Algiers||阿尔及尔|アルジェ|알제|"],
    "andorra": ["Andorra la Vella||安道尔城|||Андорра-ла-Велья"],
    "angola": ["Luanda||罗安达|ルアンダ|루안다|Луанда"],
    "antigua-and-barbuda": ["St. John's|Saint John's|||| "],
    "argentina": ["Buenos Aires||布宜诺斯艾利斯|ブエノスアイレス|부에노스아이레스|Буэнос-Айрес"],
    "armenia": ["Yerevan||埃里温|エレバン|예레반|Ереван"],
    "australia": ["Canberra||堪培拉|キャンベラ|캔버라|Канберра"],
    "austria": ["Vienna||维也纳|ウィーン|빈|Вена"],
    "azerbaijan": ["Baku||巴库|バクー|바쿠|Баку"],
    "bahamas": ["Nassau||拿骚|ナッソー||Нассау"],
    "bahrain": ["Manama||麦纳麦|マナーマ|마나마|Манама"],
    "bangladesh": ["Dhaka|Dacca|达卡|ダッカ|다카|Дакка"],
    "barbados": ["Bridgetown||布里奇敦|||Бриджтаун"],
    "belarus": ["Minsk||明斯克|ミンスク|민스크|Минск"],
    "belgium": ["Brussels||布鲁塞尔|ブリュッセル|브뤼셀|Брюссель"],
    "belize": ["Belmopan||贝尔莫潘|||Бельмопан"],
    "benin": ["Porto-Novo||波多诺伏|||Порто-Ново", "Cotonou||科托努|||Котону"],
    "bhutan": ["Thimphu||廷布|ティンプー|팀푸|Тхимпху"],
    "bolivia": ["Sucre||苏克雷|スクレ||Сукре", "La Paz||拉巴斯|ラパス|라파스|Ла-Пас"],
    "bosnia-and-herzegovina": ["Sarajevo||萨拉热窝|サラエボ|사라예보|Сараево"],
    "botswana": ["Gaborone||哈博罗内|||Габороне"],
    "brazil": ["Brasília|Brasilia|巴西利亚|ブラジリア|브라질리아|Бразилиа"],
    "brunei": ["Bandar Seri Begawan||斯里巴加湾市|||Бандар-Сери-Бегаван"],
    "bulgaria": ["Sofia||索非亚|ソフィア|소피아|София"],
    "burkina-faso": ["Ouagadougou||瓦加杜古|||Уагадугу"],
    "burundi": ["Gitega||基特加|||Гитега", "Bujumbura||布琼布拉|||Бужумбура"],
    "cape-verde": ["Praia||普拉亚|||Прая"],
    "cambodia": ["Phnom Penh||金边|プノンペン|프놈펜|Пномпень"],
    "cameroon": ["Yaoundé|Yaounde|雅温得|||Яунде"],
    "canada": ["Ottawa||渥太华|オタワ|오타와|Оттава"],
    "central-african-republic": ["Bangui||班吉|||Банги"],
    "chad": ["N'Djamena|Ndjamena|恩贾梅纳|||Нджамена"],
    "chile": ["Santiago|Santiago de Chile|圣地亚哥|サンティアゴ|산티아고|Сантьяго"],
    "china": ["Beijing|Peking|北京|北京|베이징|Пекин"],
    "colombia": ["Bogotá|Bogota|波哥大|ボゴタ|보고타|Богота"],
    "comoros": ["Moroni||莫罗尼|||Морони"],
    "republic-of-the-congo": ["Brazzaville||布拉柴维尔|||Браззавиль"],
    "democratic-republic-of-the-congo": ["Kinshasa||金沙萨|キンシャサ|킨샤사|Киншаса"],
    "costa-rica": ["San José|San Jose|圣何塞|サンホセ|산호세|Сан-Хосе"],
    "ivory-coast": ["Yamoussoukro||亚穆苏克罗|||Ямусукро", "Abidjan||阿比让|アビジャン||Абиджан"],
    "croatia": ["Zagreb||萨格勒布|ザグレブ|자그레브|Загреб"],
    "cuba": ["Havana|La Habana|哈瓦那|ハバナ|아바나|Гавана"],
    "cyprus": ["Nicosia||尼科西亚|ニコシア|니코시아|Никосия"],
    "czech-republic": ["Prague|Praha|布拉格|プラハ|프라하|Прага"],
    "denmark": ["Copenhagen||哥本哈根|コペンハーゲン|코펜하겐|Копенгаген"],
    "djibouti": ["Djibouti City||||| "],
    "dominica": ["Roseau||||| "],
    "dominican-republic": ["Santo Domingo||圣多明各|サントドミンゴ|산토도밍고|Санто-Доминго"],
    "ecuador": ["Quito||基多|キト|키토|Кито"],
    "egypt": ["Cairo||开罗|カイロ|카이로|Каир"],
    "el-salvador": ["San Salvador||圣萨尔瓦多|サンサルバドル|산살바도르|Сан-Сальвадор"],
    "equatorial-guinea": ["Malabo||马拉博|||Малабо"],
    "eritrea": ["Asmara||阿斯马拉|||Асмэра"],
    "estonia": ["Tallinn||塔林|タリン|탈린|Таллин"],
    "eswatini": ["Mbabane||姆巴巴内|||Мбабане", "Lobamba||||| "],
    "ethiopia": ["Addis Ababa||亚的斯亚贝巴|アディスアベバ|아디스아바바|Аддис-Абеба"],
    "fiji": ["Suva||苏瓦|スバ|수바|Сува"],
    "finland": ["Helsinki||赫尔辛基|ヘルシンキ|헬싱키|Хельсинки"],
    "france": ["Paris||巴黎|パリ|파리|Париж"],
    "gabon": ["Libreville||利伯维尔|||Либревиль"],
    "gambia": ["Banjul||班珠尔|||Банжул"],
    "georgia": ["Tbilisi||第比利斯|トビリシ|트빌리시|Тбилиси"],
    "germany": ["Berlin||柏林|ベルリン|베를린|Берлин"],
    "ghana": ["Accra||阿克拉|アクラ|아크라|Аккра"],
    "greece": ["Athens||雅典|アテネ|아테네|Афины"],
    "grenada": ["St. George's|Saint George's|||| "],
    "guatemala": ["Guatemala City||危地马拉城|グアテマラシティ|과테말라시티|"],
    "guinea": ["Conakry||科纳克里|||Конакри"],
    "guinea-bissau": ["Bissau||比绍|||Бисау"],
    "guyana": ["Georgetown||乔治敦|ジョージタウン|조지타운|Джорджтаун"],
    "haiti": ["Port-au-Prince||太子港|ポルトープランス|포르토프랭스|Порт-о-Пренс"],
    "honduras": ["Tegucigalpa||特古西加尔巴|テグシガルパ|테구시갈파|Тегусигальпа"],
    "hungary": ["Budapest||布达佩斯|ブダペスト|부다페스트|Будапешт"],
    "iceland": ["Reykjavík|Reykjavik|雷克雅未克|レイキャビク|레이캬비크|Рейкьявик"],
    "india": ["New Delhi||新德里|ニューデリー|뉴델리|Нью-Дели"],
    "indonesia": ["Jakarta||雅加达|ジャカルタ|자카르타|Джакарта"],
    "iran": ["Tehran|Teheran|德黑兰|テヘラン|테헤란|Тегеран"],
    "iraq": ["Baghdad||巴格达|バグダッド|바그다드|Багдад"],
    "ireland": ["Dublin||都柏林|ダブリン|더블린|Дублин"],
    "israel": ["Jerusalem||耶路撒冷|エルサレム|예루살렘|Иерусалим"],
    "italy": ["Rome|Roma|罗马|ローマ|로마|Рим"],
    "jamaica": ["Kingston||金斯敦|キングストン|킹스턴|Кингстон"],
    "japan": ["Tokyo||东京|東京|도쿄|Токио"],
    "jordan": ["Amman||安曼|アンマン|암만|Амман"],
    "kazakhstan": ["Astana|Nur-Sultan|阿斯塔纳|アスタナ|아스타나|Астана"],
    "kenya": ["Nairobi||内罗毕|ナイロビ|나이로비|Найроби"],
    "kiribati": ["South Tarawa|Tarawa|||| "],
    "kuwait": ["Kuwait City||科威特城|||Эль-Кувейт"],
    "kyrgyzstan": ["Bishkek||比什凯克|ビシュケク|비슈케크|Бишкек"],
    "laos": ["Vientiane||万象|ビエンチャン|비엔티안|Вьентьян"],
    "latvia": ["Riga||里加|リガ|리가|Рига"],
    "lebanon": ["Beirut||贝鲁特|ベイルート|베이루트|Бейрут"],
    "lesotho": ["Maseru||马塞卢|||Масеру"],
    "liberia": ["Monrovia||蒙罗维亚|||Монровия"],
    "libya": ["Tripoli||的黎波里|トリポリ|트리폴리|Триполи"],
    "liechtenstein": ["Vaduz||瓦杜兹|ファドゥーツ||Вадуц"],
    "lithuania": ["Vilnius||维尔纽斯|ビリニュス|빌뉴스|Вильнюс"],
    "luxembourg": ["Luxembourg City||卢森堡市|||"],
    "madagascar": ["Antananarivo||塔那那利佛|||Антананариву"],
    "malawi": ["Lilongwe||利隆圭|||Лилонгве"],
    "malaysia": ["Kuala Lumpur||吉隆坡|クアラルンプール|쿠알라룸푸르|Куала-Лумпур",
                 "Putrajaya||布城|プトラジャヤ|푸트라자야|Путраджая"],
    "maldives": ["Malé||马累|マレ|말레|Мале"],
    "mali": ["Bamako||巴马科|||Бамако"],
    "malta": ["Valletta||瓦莱塔|バレッタ|발레타|Валлетта"],
    "marshall-islands": ["Majuro||马朱罗|||Маджуро"],
    "mauritania": ["Nouakchott||努瓦克肖特|||Нуакшот"],
    "mauritius": ["Port Louis||路易港|||Порт-Луи"],
    "mexico": ["Mexico City||墨西哥城|メキシコシティ|멕시코시티|Мехико"],
    "micronesia": ["Palikir|||||Паликир"],
    "moldova": ["Chișinău|Chisinau|基希讷乌|キシナウ|키시너우|Кишинёв"],
    "mongolia": ["Ulaanbaatar|Ulan Bator|乌兰巴托|ウランバートル|울란바토르|Улан-Батор"],
    "montenegro": ["Podgorica||波德戈里察|ポドゴリツァ|포드고리차|Подгорица"],
    "morocco": ["Rabat||拉巴特|ラバト|라바트|Рабат"],
    "mozambique": ["Maputo||马普托|||Мапуту"],
    "myanmar": ["Naypyidaw|Nay Pyi Taw|内比都|ネピドー|네피도|Нейпьидо"],
    "namibia": ["Windhoek||温得和克|||Виндхук"],
    "nauru": ["Yaren|||||Ярен"],
    "nepal": ["Kathmandu||加德满都|カトマンズ|카트만두|Катманду"],
    "netherlands": ["Amsterdam||阿姆斯特丹|アムステルダム|암스테르담|Амстердам",
                    "The Hague|Den Haag|海牙|ハーグ|헤이그|Гаага"],
    "new-zealand": ["Wellington||惠灵顿|ウェリントン|웰링턴|Веллингтон"],
    "nicaragua": ["Managua||马那瓜|マナグア|마나과|Манагуа"],
    "niger": ["Niamey||尼亚美|||Ниамей"],
    "nigeria": ["Abuja||阿布贾|アブジャ|아부자|Абуджа"],
    "north-korea": ["Pyongyang||平壤|平壌|평양|Пхеньян"],
    "north-macedonia": ["Skopje||斯科普里|スコピエ|스코페|Скопье"],
    "norway": ["Oslo||奥斯陆|オスロ|오슬로|Осло"],
    "oman": ["Muscat||马斯喀特|マスカット|무스카트|Маскат"],
    "pakistan": ["Islamabad||伊斯兰堡|イスラマバード|이슬라마바드|Исламабад"],
    "palau": ["Ngerulmud||||| "],
    "panama": ["Panama City||巴拿马城|パナマシティ|파나마시티|"],
    "papua-new-guinea": ["Port Moresby||莫尔兹比港|ポートモレスビー|포트모르즈비|Порт-Морсби"],
    "paraguay": ["Asunción|Asuncion|亚松森|アスンシオン|아순시온|Асунсьон"],
    "peru": ["Lima||利马|リマ|리마|Лима"],
    "philippines": ["Manila||马尼拉|マニラ|마닐라|Манила"],
    "poland": ["Warsaw||华沙|ワルシャワ|바르샤바|Варшава"],
    "portugal": ["Lisbon|Lisboa|里斯本|リスボン|리스본|Лиссабон"],
    "qatar": ["Doha||多哈|ドーハ|도하|Доха"],
    "romania": ["Bucharest||布加勒斯特|ブカレスト|부쿠레슈티|Бухарест"],
    "russia": ["Moscow||莫斯科|モスクワ|모스크바|Москва"],
    "rwanda": ["Kigali||基加利|キガリ|키갈리|Кигали"],
    "saint-kitts-and-nevis": ["Basseterre||||| "],
    "saint-lucia": ["Castries||||| "],
    "saint-vincent-and-the-grenadines": ["Kingstown||||| "],
    "samoa": ["Apia||阿皮亚|アピア|아피아|Апиа"],
    "san-marino": ["City of San Marino||||| "],
    "sao-tome-and-principe": ["São Tomé|Sao Tome|圣多美|||Сан-Томе"],
    "saudi-arabia": ["Riyadh||利雅得|リヤド|리야드|Эр-Рияд"],
    "senegal": ["Dakar||达喀尔|ダカール|다카르|Дакар"],
    "serbia": ["Belgrade|Beograd|贝尔格莱德|ベオグラード|베오그라드|Белград"],
    "seychelles": ["Victoria||||| "],
    "sierra-leone": ["Freetown||弗里敦|||Фритаун"],
    "slovakia": ["Bratislava||布拉迪斯拉发|ブラチスラバ|브라티슬라바|Братислава"],
    "slovenia": ["Ljubljana||卢布尔雅那|リュブリャナ|류블랴나|Любляна"],
    "solomon-islands": ["Honiara||霍尼亚拉|ホニアラ|호니아라|Хониара"],
    "somalia": ["Mogadishu||摩加迪沙|モガディシュ|모가디슈|Могадишо"],
    "south-africa": ["Pretoria|Tshwane|比勒陀利亚|プレトリア|프리토리아|Претория",
                     "Cape Town||开普敦|ケープタウン|케이프타운|Кейптаун",
                     "Bloemfontein||布隆方丹|||Блумфонтейн"],
    "south-korea": ["Seoul||首尔|ソウル|서울|Сеул"],
    "south-sudan": ["Juba||朱巴|ジュバ|주바|Джуба"],
    "spain": ["Madrid||马德里|マドリード|마드리드|Мадрид"],
    "sri-lanka": ["Sri Jayawardenepura Kotte|Kotte|||| ", "Colombo||科伦坡|コロンボ|콜롬보|Коломбо"],
    "sudan": ["Khartoum||喀土穆|ハルツーム|하르툼|Хартум"],
    "suriname": ["Paramaribo||帕拉马里博|パラマリボ|파라마리보|Парамарибо"],
    "sweden": ["Stockholm||斯德哥尔摩|ストックホルム|스톡홀름|Стокгольм"],
    "switzerland": ["Bern|Berne|伯尔尼|ベルン|베른|Берн"],
    "syria": ["Damascus||大马士革|ダマスカス|다마스쿠스|Дамаск"],
    "tajikistan": ["Dushanbe||杜尚别|ドゥシャンベ|두샨베|Душанбе"],
    "tanzania": ["Dodoma||多多马|ドドマ|도도마|Додома"],
    "thailand": ["Bangkok||曼谷|バンコク|방콕|Бангкок"],
    "east-timor": ["Dili||帝力|ディリ|딜리|Дили"],
    "togo": ["Lomé|Lome|洛美|||Ломе"],
    "tonga": ["Nukuʻalofa|Nuku'alofa;Nukualofa|努库阿洛法|ヌクアロファ|누쿠알로파|Нукуалофа"],
    "trinidad-and-tobago": ["Port of Spain||西班牙港|ポートオブスペイン|포트오브스페인|Порт-оф-Спейн"],
    "tunisia": ["Tunis|||チュニス|튀니스|"],
    "turkey": ["Ankara||安卡拉|アンカラ|앙카라|Анкара"],
    "turkmenistan": ["Ashgabat|Ashkhabad|阿什哈巴德|アシガバート|아시가바트|Ашхабад"],
    "tuvalu": ["Funafuti||富纳富提|||Фунафути"],
    "uganda": ["Kampala||坎帕拉|カンパラ|캄팔라|Кампала"],
    "ukraine": ["Kyiv|Kiev|基辅|キーウ;キエフ|키이우;키예프|Киев"],
    "united-arab-emirates": ["Abu Dhabi||阿布扎比|アブダビ|아부다비|Абу-Даби"],
    "united-kingdom": ["London||伦敦|ロンドン|런던|Лондон"],
    "united-states": ["Washington, D.C.|Washington D.C.;Washington DC;Washington, DC|华盛顿|ワシントン|워싱턴|Вашингтон"],
    "uruguay": ["Montevideo||蒙得维的亚|モンテビデオ|몬테비데오|Монтевидео"],
    "uzbekistan": ["Tashkent||塔什干|タシケント|타슈켄트|Ташкент"],
    "vanuatu": ["Port Vila||维拉港|ポートビラ|포트빌라|Порт-Вила"],
    "venezuela": ["Caracas||加拉加斯|カラカス|카라카스|Каракас"],
    "vietnam": ["Hanoi|Ha Noi|河内|ハノイ|하노이|Ханой"],
    "yemen": ["Sanaa|Sana'a|萨那|サヌア|사나|Сана"],
    "zambia": ["Lusaka||卢萨卡|||Лусака"],
    "zimbabwe": ["Harare||哈拉雷|ハラレ|하라레|Хараре"],
    "palestine": ["Ramallah||拉姆安拉||라말라|Рамалла"],
    "taiwan": ["Taipei||台北|台北|타이베이|Тайбэй"],
    "kosovo": ["Pristina|Prishtina|普里什蒂纳|プリシュティナ|프리슈티나|Приштина"],
}

# Capital aliases that are ordinary words or shared with other places/people: weak only.
CAPITAL_WEAK: dict[str, list[str]] = {
    "Washington, D.C.": ["Washington"],
    "Malé": ["Male"],
}

# Capital ids that are not the plain slug of the name.
CAPITAL_IDS: dict[str, str] = {"Washington, D.C.": "washington-dc"}

NO_CAPITAL = {"singapore", "monaco", "vatican-city"}  # city-states: the capital is the country


# ---------------------------------------------------------------------------------------


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("'", "").replace("ʻ", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def clean(text: str) -> str:
    """Drop stress marks (U+0301) the ru catalog carries and normalise spacing."""
    text = text.replace("\u0301", "")
    return " ".join(text.split())


def usable(text: str, msgid: str | None = None) -> bool:
    """A catalog string worth keeping: translated, not an inverted or bracketed ISO form."""
    if not text or (msgid is not None and text == msgid):
        return False
    return not any(ch in text for ch in ",()")


def dedup(items, exclude=()) -> list[str]:
    seen = set(exclude)
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def strip_the(text: str) -> str:
    return text[4:] if text.startswith("the ") else text


def iso_names(rec) -> tuple[list[str], str | None]:
    """English ISO strings of a record: (short names, official name)."""
    shorts = [getattr(rec, "common_name", None), rec.name]
    official = getattr(rec, "official_name", None)
    return [s for s in shorts if s], (strip_the(official) if official else None)


def build() -> list[dict]:
    catalogs = {
        code: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[loc])
        for code, loc in LANGS
    }
    ids = [c[1] for c in COUNTRIES]
    assert len(ids) == len(set(ids)), "duplicate country id"
    country_entities = []
    for alpha2, cid, name, aliases, weak, opts in COUNTRIES:
        english: list[str] = []
        natives: dict[str, list[str]] = {code: [] for code, _ in LANGS}
        if alpha2 is not None:
            rec = pycountry.countries.get(alpha_2=alpha2)
            shorts, official = iso_names(rec)
            if opts.get("no_iso_official"):
                official = None
            if "official" in opts:
                english_official = opts["official"]
            else:
                english_official = official
            if english_official and usable(english_official):
                english.append(english_official)
            english += [s for s in shorts if usable(s)]
            # native: common name, ISO name, official name (raw ISO msgids)
            msgids = [getattr(rec, "common_name", None), rec.name]
            if official and not opts.get("no_iso_official"):
                msgids.append(rec.official_name)
            for code, _ in LANGS:
                cat = catalogs[code]
                natives[code] = dedup(
                    clean(cat.gettext(m)) for m in msgids if m and usable(clean(cat.gettext(m)), m)
                )
        english = dedup(english + list(aliases), exclude={name} | set(weak))
        for code, _ in LANGS:
            override = NATIVE_OVERRIDES.get(cid, {}).get(code)
            if override is not None:
                natives[code] = list(override)
        native_weak = NATIVE_WEAK.get(cid, {})
        weak_all = list(weak) + [w for code, _ in LANGS for w in native_weak.get(code, [])]
        all_aliases = english + [n for code, _ in LANGS for n in natives[code]]
        all_aliases = dedup(all_aliases, exclude={name} | set(weak_all))
        if "Korea" in all_aliases or "Korea" in weak_all:
            raise SystemExit(f"{cid}: 'Korea' alone is never an alias")
        entity = {"id": cid, "name": name, "type": "GPE", "aliases": all_aliases}
        if weak_all:
            entity["weak_aliases"] = dedup(weak_all)
        country_entities.append(entity)

    missing = [cid for cid in ids if cid not in CAPITALS and cid not in NO_CAPITAL]
    unknown = [cid for cid in CAPITALS if cid not in ids]
    if missing or unknown:
        raise SystemExit(f"capital table: missing {missing}, unknown {unknown}")

    taken = set(ids)
    capital_entities = []
    for cid in ids:
        for row in CAPITALS.get(cid, []):
            parts = [p.strip() for p in row.split("|")]
            if len(parts) != 6:
                raise SystemExit(f"bad capital row {row!r}")
            cname, eng, zh, ja, ko, ru = parts
            cap_id = CAPITAL_IDS.get(cname) or slug(cname)
            if cap_id in taken:
                cap_id = f"{cap_id}-{cid}"
            if cap_id in taken:
                raise SystemExit(f"capital id collision: {cap_id}")
            taken.add(cap_id)
            weak = CAPITAL_WEAK.get(cname, [])
            names = [a for field in (eng, zh, ja, ko, ru) for a in field.split(";")]
            entity = {
                "id": cap_id,
                "name": cname,
                "type": "GPE",
                "aliases": dedup((n.strip() for n in names), exclude={cname} | set(weak)),
            }
            if weak:
                entity["weak_aliases"] = list(weak)
            capital_entities.append(entity)

    country_entities.sort(key=lambda e: e["id"])
    capital_entities.sort(key=lambda e: e["id"])
    return country_entities + capital_entities


HEADER = """\
# GENERATED by scripts/build_countries.py -- do not edit by hand.
# Rebuild: .venv/bin/python scripts/build_countries.py && .venv/bin/python scripts/build_aliases.py
# Countries: UN member states, UN observer states (Holy See, Palestine), Taiwan, Kosovo.
# Capitals follow the countries. Native names (zh, ja, ko, ru) come from pycountry's
# ISO 3166-1 catalogs, corrected by the curated overrides in the script.
"""


def main() -> int:
    entities = build()
    text = HEADER + yaml.safe_dump(
        {"entities": entities}, allow_unicode=True, sort_keys=False, width=1000
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    n_cap = sum(1 for e in entities if e["id"] not in {c[1] for c in COUNTRIES})
    print(f"wrote {OUT.relative_to(ROOT)}: {len(entities) - n_cap} countries, {n_cap} capitals")
    return 0


if __name__ == "__main__":
    sys.exit(main())

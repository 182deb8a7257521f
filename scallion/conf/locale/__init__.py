"""Facts about the languages Django knows: code, direction, English and native name.

``LANG_INFO`` has Django's shape (``{code: {"bidi", "code", "name", "name_local"}}``,
or ``{"fallback": [code]}`` for an alias), so ``get_language_info`` and code written
against ``django.conf.locale.LANG_INFO`` read it unchanged. scallion ships no message
catalogs: these names are what a language chooser shows, not translations.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LANG_INFO"]

# One language a line: "code|English name|native name", a leading "*" for a
# right-to-left script; "code -> other" makes an alias of another code.
_TABLE = """\
 af|Afrikaans|Afrikaans
*ar|Arabic|العربيّة
*ar-dz|Algerian Arabic|العربية الجزائرية
 ast|Asturian|asturianu
*az|Azerbaijani|Azərbaycanca
 be|Belarusian|беларуская
 bg|Bulgarian|български
 bn|Bengali|বাংলা
 br|Breton|brezhoneg
 bs|Bosnian|bosanski
 ca|Catalan|català
*ckb|Central Kurdish (Sorani)|کوردی
 cs|Czech|česky
 cy|Welsh|Cymraeg
 da|Danish|dansk
 de|German|Deutsch
 dsb|Lower Sorbian|dolnoserbski
 el|Greek|Ελληνικά
 en|English|English
 en-au|Australian English|Australian English
 en-gb|British English|British English
 eo|Esperanto|Esperanto
 es|Spanish|español
 es-ar|Argentinian Spanish|español de Argentina
 es-co|Colombian Spanish|español de Colombia
 es-mx|Mexican Spanish|español de Mexico
 es-ni|Nicaraguan Spanish|español de Nicaragua
 es-ve|Venezuelan Spanish|español de Venezuela
 et|Estonian|eesti
 eu|Basque|euskara
*fa|Persian|فارسی
 fi|Finnish|suomi
 fr|French|français
 fy|Frisian|frysk
 ga|Irish|Gaeilge
 gd|Scottish Gaelic|Gàidhlig
 gl|Galician|galego
*he|Hebrew|עברית
 hi|Hindi|हिंदी
 hr|Croatian|Hrvatski
 hsb|Upper Sorbian|hornjoserbsce
 ht|Haitian Creole|Kreyòl Ayisyen
 hu|Hungarian|Magyar
 hy|Armenian|հայերեն
 ia|Interlingua|Interlingua
 id|Indonesian|Bahasa Indonesia
 ig|Igbo|Asụsụ Ìgbò
 io|Ido|ido
 is|Icelandic|Íslenska
 it|Italian|italiano
 ja|Japanese|日本語
 ka|Georgian|ქართული
 kab|Kabyle|taqbaylit
 kk|Kazakh|Қазақ
 km|Khmer|Khmer
 kn|Kannada|Kannada
 ko|Korean|한국어
 ky|Kyrgyz|Кыргызча
 lb|Luxembourgish|Lëtzebuergesch
 lt|Lithuanian|Lietuviškai
 lv|Latvian|latviešu
 mk|Macedonian|Македонски
 ml|Malayalam|മലയാളം
 mn|Mongolian|Mongolian
 mr|Marathi|मराठी
 ms|Malay|Bahasa Melayu
 my|Burmese|မြန်မာဘာသာ
 nb|Norwegian Bokmal|norsk (bokmål)
 ne|Nepali|नेपाली
 nl|Dutch|Nederlands
 nn|Norwegian Nynorsk|norsk (nynorsk)
 no|Norwegian|norsk
 os|Ossetic|Ирон
 pa|Punjabi|Punjabi
 pl|Polish|polski
 pt|Portuguese|Português
 pt-br|Brazilian Portuguese|Português Brasileiro
 ro|Romanian|Română
 ru|Russian|Русский
 sk|Slovak|slovensky
 sl|Slovenian|Slovenščina
 sq|Albanian|shqip
 sr|Serbian|српски
 sr-latn|Serbian Latin|srpski (latinica)
 sv|Swedish|svenska
 sw|Swahili|Kiswahili
 ta|Tamil|தமிழ்
 te|Telugu|తెలుగు
 tg|Tajik|тоҷикӣ
 th|Thai|ภาษาไทย
 tk|Turkmen|Türkmençe
 tr|Turkish|Türkçe
 tt|Tatar|Татарча
 udm|Udmurt|Удмурт
*ug|Uyghur|ئۇيغۇرچە
 uk|Ukrainian|Українська
*ur|Urdu|اردو
 uz|Uzbek|oʻzbek tili
 vi|Vietnamese|Tiếng Việt
zh-cn -> zh-hans
 zh-hans|Simplified Chinese|简体中文
 zh-hant|Traditional Chinese|繁體中文
zh-hk -> zh-hant
zh-mo -> zh-hant
zh-my -> zh-hans
zh-sg -> zh-hans
zh-tw -> zh-hant
"""


def _parse(table: str) -> dict[str, dict[str, Any]]:
    info: dict[str, dict[str, Any]] = {}
    for line in table.splitlines():
        if " -> " in line:
            code, target = line.strip().split(" -> ")
            info[code] = {"fallback": [target]}
            continue
        code, name, name_local = line[1:].split("|")
        info[code] = {
            "bidi": line[0] == "*",
            "code": code,
            "name": name,
            "name_local": name_local,
        }
    return info


LANG_INFO: dict[str, dict[str, Any]] = _parse(_TABLE)

# Dateline interface text: Uyghur, Arabic script (ئۇيغۇرچە).
# Every catalog must define exactly the messages of en.ftl (a test checks it).

site-tagline = خەۋەر ئىگىلىرىنىڭ ئۆز تىلىدىكى خەۋەرلەر
skip-to-content = ئاساسىي مەزمۇنغا ئۆتۈش
nav-label = تىل بۆلۈملىرى
nav-front-page = باش بەت
front-heading = ھەرقايسى بۆلۈملەرنىڭ ئەڭ يېڭى خەۋەرلىرى
front-empty = تېخى ھېچقانداق خەۋەر ئېلان قىلىنمىدى.
front-more-from = بۇ بۆلۈمنىڭ باشقا خەۋەرلىرى
service-heading = { $service }
service-empty = بۇ بۆلۈم تېخى ھېچقانداق خەۋەر ئېلان قىلمىدى.
pagination-label = بەتلەر
pagination-newer = يېڭىراق خەۋەرلەر
pagination-older = كونىراق خەۋەرلەر
pagination-page = { $page }-بەت
tag-heading = «{ $tag }» خەتكۈچى قويۇلغان خەۋەرلەر
tags-label = خەتكۈچلەر
article-published = ئېلان قىلىنغان ۋاقتى:
article-updated = يېڭىلانغان ۋاقتى:
article-file-photo = ئارخىپ سۈرەت
article-photo-credit = سۈرەت: { $credit }
article-translations = بۇ خەۋەرنىڭ باشقا تىللاردىكى نۇسخىلىرى

comments-heading = ئىنكاسلار
comments-pending-feature = ئوقۇرمەنلەرنىڭ بۇ خەۋەرگە يازغان ئىنكاسلىرى باشقۇرغۇچى تەستىقلىغاندىن كېيىن بۇ يەردە كۆرسىتىلىدۇ.
comments-closed = بۇ خەۋەرگە ئىنكاس يېزىش تاقالدى.

# A credit line reads e.g. "مۇخبىر: A، B ۋە C (كورېيەچە بۆلۈمى). تەرجىمە قىلغۇچى: D."
credit-reported_by = مۇخبىر: { $names }
credit-translated_by = تەرجىمە قىلغۇچى: { $names }
credit-written_in_english_by = ئىنگلىزچە يازغۇچى: { $names }
credit-written_by = يازغۇچى: { $names }
credit-edited_by = مۇھەررىر: { $names }
credit-photo_by = سۈرەتكە ئالغۇچى: { $names }
credit-for-service = { $credit } ({ $service } بۆلۈمى)
credit-sentence = { $credit }.

list-pair = { $first } ۋە { $second }
list-separator = {"، "}

# The name of a language service in this catalog's language, by service code;
# services a catalog does not know use the name given when they were created.
service-name = { $code ->
    [english] ئىنگلىزچە
    [korean] كورېيەچە
    [mandarin] خىتايچە
    [uyghur] ئۇيغۇرچە
    [vietnamese] ۋيېتنامچە
    [tibetan] تىبەتچە
    [burmese] بىرماچە
   *[other] { $name }
}

# A date and time. Variables: year, month (1–12), monthName, day, time (HH:MM), zone.
datetime = { $year }-يىلى { $day }-{ $monthName }، { $time } { $zone }
month-1 = يانۋار
month-2 = فېۋرال
month-3 = مارت
month-4 = ئاپرېل
month-5 = ماي
month-6 = ئىيۇن
month-7 = ئىيۇل
month-8 = ئاۋغۇست
month-9 = سېنتەبىر
month-10 = ئۆكتەبىر
month-11 = نويابىر
month-12 = دېكابىر

error-not-found-title = بەت تېپىلمىدى
error-not-found-text = سىز ئىزدىگەن بەتنى تاپالمىدۇق. بۇ بەت باشقا يەرگە يۆتكەلگەن ياكى ئادرېس خاتا كىرگۈزۈلگەن بولۇشى مۇمكىن.
error-bad-request-title = بۇ تەلەپنى چۈشەنگىلى بولمىدى
error-bad-request-text = ئادرېس ياكى جەدۋەلدىكى بەزى مەزمۇنلار توغرا ئەمەس. ئالدىنقى بەتكە قايتىپ قايتا سىناپ بېقىڭ.
error-internal-title = بىز تەرەپتە خاتالىق كۆرۈلدى
error-internal-text = بۇ بەتنى ھازىرچە كۆرسىتەلمىدۇق. سەل تۇرۇپ قايتا سىناپ بېقىڭ.
error-front-page-link = باش بەتكە قايتىش
error-service-home-link = { $service } بۆلۈمىنىڭ باش بېتىگە كىرىش

footer-privacy = بۇ تور بېكەت باشقا تور بېكەتلەردىن ھېچنەرسە يۈكلىمەيدۇ، ئوقۇرمەنلىرىنىمۇ ئىز قوغلىمايدۇ.
footer-powered = Dateline ئارقىلىق ئېلان قىلىندى.

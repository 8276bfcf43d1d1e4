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
tag-heading = «{ $tag }» خەتكۈچى قويۇلغان خەۋەرلەر
person-also = باشقا يېزىلىشى
person-elsewhere = باشقا تىللاردا
person-empty = بۇ بۆلۈمدە بۇ كىشىنىڭ خەۋىرى تېخى يوق.
tags-label = خەتكۈچلەر
article-published = ئېلان قىلىنغان ۋاقتى:
article-updated = يېڭىلانغان ۋاقتى:
article-file-photo = ئارخىپ سۈرەت
article-photo-credit = سۈرەت: { $credit }
article-translations = بۇ خەۋەرنىڭ باشقا تىللاردىكى نۇسخىلىرى

comments-heading = ئىنكاسلار
comments-heading-count = ئىنكاسلار ({ $count })
comments-count = { $count ->
    [one] 1 ئىنكاس
   *[other] { $count } ئىنكاس
}
comments-closed = بۇ خەۋەرگە ئىنكاس يېزىش تاقالدى.
comments-empty = بۇ خەۋەرگە تېخى ھېچقانداق ئىنكاس ئېلان قىلىنمىدى.
comments-older = تېخىمۇ كۆپ ئىنكاسلار
comments-newer = ئالدىنقى ئىنكاسلار
# The promise under every article. A service may replace it with its own text.
comments-promise = ھەر بىر ئىنكاسنى باشقۇرغۇچى ئوقۇپ تەستىقلىغاندىن كېيىن ئاندىن كۆرۈنىدۇ، شۇڭا ئىنكاسلار دەرھال كۆرۈنمەيدۇ.
comments-notice = ئىنكاسىڭىزنى تۆۋەندىكى جەدۋەلگە ئاددىي تېكىست شەكلىدە يېزىپ يوللاڭ. ئىنكاسلار باشقۇرغۇچى تەرىپىدىن تەستىقلىنىدۇ ۋە ئىشلىتىش شەرتلىرىگە ئاساسەن تەھرىرلىنىشى مۇمكىن. ئىنكاسلار ئەمەلىي ۋاقىتتا كۆرۈنمەيدۇ. ئېلان قىلىنغان ئىنكاسلارنىڭ مەزمۇنىغا بىز مەسئۇل بولمايمىز. باشقىلارنىڭ كۆز قارىشىنى ھۆرمەت قىلىشىڭىزنى ۋە پاكىتقا سادىق بولۇشىڭىزنى سورايمىز.
comment-awaiting = تەستىق كۈتۈۋاتىدۇ. بۇ ئىنكاسنى پەقەت سىزلا كۆرەلەيسىز.
comment-edited = باشقۇرغۇچى تەرىپىدىن تەھرىرلەنگەن
comment-reply = جاۋاب يېزىش
comment-replying-to = سىز { $name } نىڭ ئىنكاسىغا جاۋاب يېزىۋاتىسىز.
comment-cancel-reply = ئۇنىڭ ئورنىغا يېڭى ئىنكاس يېزىش
comment-received = رەھمەت. ئىنكاسىڭىز تاپشۇرۇۋېلىندى، باشقۇرغۇچى تەستىقلىغاندىن كېيىن كۆرۈنىدۇ.
comment-delete = ئۆچۈرۈش
comment-report = ئەرز قىلىش
comment-report-reason = بۇ ئىنكاستا قانداق مەسىلە بار؟
comment-report-submit = ئەرزنى يوللاش
comment-report-title = ئىنكاسنى مەلۇم قىلىش
comment-report-label = { $name } نىڭ ئىنكاسىنى مەلۇم قىلىش
comment-report-missing = بۇ ئىنكاسنىڭ نېمە مەسىلىسى بارلىقىنى يېزىڭ: ھەر بىر مەلۇماتنى باشقۇرغۇچى ئوقۇيدۇ.
comment-reported = رەھمەت. باشقۇرغۇچى بۇ ئىنكاسنى قايتا تەكشۈرىدۇ.
comment-state-pending = تەستىق كۈتۈۋاتىدۇ
comment-state-approved = ئېلان قىلىندى
comment-state-rejected = ئېلان قىلىنمىدى
comment-state-reported = ئېلان قىلىندى، قايتا تەكشۈرۈلۈۋاتىدۇ
comment-state-deleted = ئۆچۈرۈلدى

form-heading = ئىنكاسىڭىزنى يېزىڭ
form-name = ئىسىم
form-name-hint = ئىنكاسىڭىز بىلەن بىللە كۆرسىتىلىدۇ.
form-email = ئېلخەت (ئىختىيارىي)
form-email-hint = پەقەت ئىنكاسىڭىز ئېلان قىلىنغاندا سىزگە خەۋەر قىلىش ئۈچۈنلا ئىشلىتىلىدۇ. ھەرگىز كۆرسىتىلمەيدۇ.
form-text = ئىنكاسىڭىز
form-text-hint = ئاددىي تېكىست، ئەڭ كۆپ بولغاندا { $max } ھەرپ. بىر قۇرنى بوش قالدۇرسىڭىز يېڭى ئابزاس باشلىنىدۇ.
form-accept-terms = ئىشلىتىش شەرتلىرىنى قوبۇل قىلىمەن.
form-terms-link = ئىشلىتىش شەرتلىرىنى ئوقۇش
form-honeypot = بۇ كاتەكچىنى بوش قالدۇرۇڭ
form-submit = ئىنكاسنى يوللاش
form-errors-heading = ئىنكاسىڭىز يوللانمىدى:

comment-error-name-missing = ئىسمىڭىزنى كىرگۈزۈڭ.
comment-error-name-reserved = بۇ ئىسىم تەھرىر بۆلۈمى خادىملىرى ئۈچۈن ساقلانغان. باشقا بىر ئىسىم تاللاڭ.
comment-error-name-too-long = ئىسىم بەك ئۇزۇن: ئەڭ كۆپ بولغاندا { $max } ھەرپ.
comment-error-text-missing = ئىنكاس يېزىڭ.
comment-error-text-too-long = ئىنكاس بەك ئۇزۇن: ئەڭ كۆپ بولغاندا { $max } ھەرپ.
comment-error-too-many-links = ئىنكاستىكى ئۇلانمىلار بەك كۆپ: ئەڭ كۆپ بولغاندا { $max }.
comment-error-email = ئېلخەت ئادرېسى توغرا ئەمەستەك قىلىدۇ. خالىسىڭىز بوش قالدۇرسىڭىزمۇ بولىدۇ.
comment-error-terms = ئىنكاس يوللاش ئۈچۈن ئىشلىتىش شەرتلىرىنى قوبۇل قىلىڭ.
comment-error-parent = سىز پەقەت بۇ خەۋەردىكى ئېلان قىلىنغان ئىنكاسقىلا جاۋاب يازالايسىز.
comment-error-closed = بۇ خەۋەرگە ئىنكاس يېزىش تاقالدى.
comment-error-honeypot = جەدۋەلنى قوبۇل قىلغىلى بولمىدى. ئەڭ ئاخىرقى يوشۇرۇن كاتەكچىنى بوش قالدۇرۇڭ.
comment-error-too-fast = جەدۋەل بەت ئېچىلغاندىن كېيىن بەك تېز يوللاندى. بىر نەچچە سېكۇنت ساقلاپ، قايتا يوللاڭ.
comment-error-duplicate = بۇ ئىنكاسنى قايتا يوللىغىلى بولمايدۇ. ئەگەر ئىلگىرى يوللىغان بولسىڭىز، باشقۇرغۇچى تەستىقلىغاندىن كېيىن كۆرۈنىدۇ.
comment-error-rate-address = ئالدىنقى بىر سائەت ئىچىدە سىزنىڭ تور ئۇلىنىشىڭىزدىن بەك كۆپ ئىنكاس يوللاندى. كېيىنرەك قايتا سىناپ بېقىڭ.
comment-error-rate-article = ھازىر نۇرغۇن ئوقۇرمەنلەر بۇ خەۋەرگە ئىنكاس يېزىۋاتىدۇ. بىر مىنۇتتىن كېيىن قايتا سىناپ بېقىڭ.
comment-error-banned = سىز ھازىرچە ئىنكاس يازالمايسىز.
comment-error-form-expired = بۇ جەدۋەلنىڭ ۋاقتى ئۆتۈپ كەتكەن ياكى ئۇ بۇ تور بېكەتتىن يوللانمىغان. يازغانلىرىڭىز تېخى بۇ يەردە: قايتا يوللاڭ.

terms-heading = ئىشلىتىش شەرتلىرى
terms-version = نەشرى: { $version }
terms-default-intro = ئىنكاس يوللىسىڭىز، بۇ شەرتلەرگە قوشۇلغان بولىسىز.
terms-default-body = ئىنكاسلار ئاددىي تېكىست شەكلىدە يېزىلىدۇ ۋە ئېلان قىلىنىشتىن بۇرۇن باشقۇرغۇچى تەرىپىدىن ئوقۇلىدۇ. باشقۇرغۇچىلار تېمىدىن چەتنىگەن، ھاقارەتلىك، ئەخلەت ئۇچۇر خاراكتېرلىك ياكى باشقىلارنىڭ شەخسىي ئۇچۇرلىرىنى ئاشكارىلايدىغان ئىنكاسلارنى رەت قىلالايدۇ، شۇنداقلا بۇ شەرتلەرگە ئاساسەن ئىنكاسلارنى تەھرىر قىلالايدۇ. باشقىلارنىڭ كۆز قارىشىنى ھۆرمەت قىلىڭ ۋە پاكىتقا سادىق بولۇڭ. ئېلان قىلىنغان ئىنكاسلارنىڭ مەزمۇنىغا بىز مەسئۇل بولمايمىز. بىز سىزنىڭ IP ئادرېسىڭىزنى ساقلىمايمىز. ئېلخەت ئادرېسى بەرگەن بولسىڭىز، ئۇ پەقەت ئىنكاسىڭىز ئېلان قىلىنغاندا سىزگە خەۋەر قىلىش ئۈچۈنلا ئىشلىتىلىدۇ ۋە 30 كۈندىن كېيىن ئۆچۈرۈلىدۇ. سىز خالىغان ۋاقىتتا «ئىنكاسلىرىڭىز» بېتىدە ئىنكاسلىرىڭىزنى ئۆچۈرەلەيسىز ۋە ئۇلار ھەققىدە ساقلانغان بارلىق ئۇچۇرلارنى چۈشۈرەلەيسىز.

my-comments-heading = ئىنكاسلىرىڭىز
my-comments-intro = بۇلار مۇشۇ توركۆرگۈدىن يوللانغان ئىنكاسلار. ئۇلارنىڭ خالىغان بىرىنى ئۆچۈرەلەيسىز ۋە ئۇلار ھەققىدە ساقلانغان بارلىق ئۇچۇرلارنى چۈشۈرەلەيسىز.
my-comments-download = ئۇچۇرلىرىڭىزنى چۈشۈرۈش (JSON)
my-comments-empty = بۇ توركۆرگۈدىن تېخى ھېچقانداق ئىنكاس يوللانمىدى.
my-comments-deleted = ئىنكاس ئۆچۈرۈلدى.
my-comments-confirm-heading = بۇ ئىنكاسنى ئۆچۈرەمسىز؟
my-comments-confirm-text = ئۆچۈرسىڭىز، ئۇنىڭ تېكىستى ۋە ئىسمى مەڭگۈلۈك ئۆچۈرۈلىدۇ، ئەسلىگە كەلتۈرگىلى بولمايدۇ.
my-comments-confirm-delete = مەڭگۈلۈك ئۆچۈرۈش
my-comments-keep = قالدۇرۇش
comment-delete-label = { $id } - ئىنكاسنى ئۆچۈرۈش
footer-my-comments = ئىنكاسلىرىڭىز

notice-subject = ئىنكاسىڭىز ئېلان قىلىندى: { $headline }
notice-body =
    ياخشىمۇسىز { $name }،

    «{ $headline }» ناملىق ماقالىگە يازغان ئىنكاسىڭىز باشقۇرغۇچى تەرىپىدىن تەستىقلىنىپ ئېلان قىلىندى:
    { $url }

    ئىنكاس بىلەن ئېلخەت ئادرېسىڭىزنى قالدۇرغانلىقىڭىز ئۈچۈن بۇ ئۇچۇر بىر قېتىم ئەۋەتىلدى. ئادرېسىڭىز ئەمدى ئۆچۈرۈلدى.


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
time-zone = { $zone ->
    [Asia-Urumqi] ئۈرۈمچى ۋاقتى
    [Asia-Shanghai] بېيجىڭ ۋاقتى
    [Asia-Seoul] سېئول ۋاقتى
    [Asia-Ho_Chi_Minh] ۋيېتنام ۋاقتى
    [America-New_York] ئامېرىكا شەرق ۋاقتى
   *[other] { $abbreviation }
}
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
error-forbidden-title = بۇ تەلەپ رەت قىلىندى
error-forbidden-text = جەدۋەل بۇ تور بېكەتتىن يوللانمىغان ياكى ۋاقتى ئۆتۈپ كەتكەن. ئالدىنقى بەتكە قايتىپ، بەتنى يېڭىلاپ قايتا سىناپ بېقىڭ.
error-too-large-title = بۇ تەلەپ بەك چوڭ
error-too-large-text = يوللانغان مەزمۇن بۇ تور بېكەت قوبۇل قىلالايدىغان چەكتىن چوڭ. ئۇنى قىسقارتىپ قايتا سىناپ بېقىڭ.
error-too-many-title = تەلەپ بەك كۆپ
error-too-many-text = قىسقا ۋاقىت ئىچىدە بەك كۆپ قېتىم يوللاندى. بىردەم ساقلاپ قايتا سىناڭ.
error-internal-title = بىز تەرەپتە خاتالىق كۆرۈلدى
error-internal-text = بۇ بەتنى ھازىرچە كۆرسىتەلمىدۇق. سەل تۇرۇپ قايتا سىناپ بېقىڭ.
error-front-page-link = باش بەتكە قايتىش
error-service-home-link = { $service } بۆلۈمىنىڭ باش بېتىگە كىرىش

footer-privacy = بۇ تور بېكەت باشقا تور بېكەتلەردىن ھېچنەرسە يۈكلىمەيدۇ، ئوقۇرمەنلىرىنىمۇ ئىز قوغلىمايدۇ.
footer-powered = Dateline ئارقىلىق ئېلان قىلىندى.

## Ways to read: feeds, the lite pages, the onion address
footer-feeds = مەنبە ئارقىلىق ئەگىشىش:
footer-lite = يېنىك نۇسخىسى
footer-onion = Onion ئادرېسى (Tor)
lite-full-version = تولۇق نۇسخىسى
lite-show-photo = رەسىمنى كۆرسىتىش
lite-comments = ئىنكاسلار ۋە ئىنكاس جەدۋىلى تولۇق نۇسخىسىدا.

## The desk: stories taken down, corrections
error-gone-title = بۇ خەۋەر ئېلىپ تاشلاندى
error-gone-text = تەھرىر بۆلۈمى بۇ خەۋەرنى قايتۇرۇۋالدى. ئىنكاسلار ساقلىنىدۇ، ئەمما خەۋەر ئەمدى ئېلان قىلىنمايدۇ.
story-corrections-heading = تۈزىتىشلەر
story-correction = تۈزىتىش ({ $date }): { $text }

## The readers' API: errors (JSON `error`, in the request's or the article's language)
api-error-no-article = بۇنداق خەۋەر يوق.
api-error-gone = بۇ خەۋەر ئېلىۋېتىلدى.
api-error-bad-request = تەلەپنىڭ شەكلى خاتا.
api-error-forbidden = تەلەپ رەت قىلىندى.
api-error-too-large = تەلەپ بەك چوڭ: ئەڭ كۆپ بولغاندا { $max } بايت.
api-error-too-many = تەلەپ بەك كۆپ. سەل تۇرۇپ قايتا سىناڭ.
api-error-internal = مۇلازىمېتىردا خاتالىق كۆرۈلدى. قايتا سىناڭ.
api-error-no-route = بۇنداق API ئادرېسى يوق.
api-error-method = بۇ ئادرېس { $method } تەلىپىنى قوبۇل قىلمايدۇ. قوبۇل قىلىدىغانلىرى: { $allowed }.
api-error-media-type = مەزمۇننى JSON شەكلىدە يوللاڭ (Content-Type: application/json).
api-error-json-syntax = مەزمۇن توغرا JSON ئەمەس ({ $line }-قۇر، { $column }-ئىستون).
api-error-json-object = مەزمۇن JSON ئوبيېكتى بولۇشى كېرەك.
api-error-json-array = مەزمۇن سانلار گۇرپىسى ئەمەس، JSON ئوبيېكتى بولۇشى كېرەك.
api-error-must-be-text = { $field } تېكىست بولۇشى كېرەك.
api-error-must-be-number = { $field } پۈتۈن سان بولۇشى كېرەك.
api-error-must-be-boolean = { $field } true ياكى false بولۇشى كېرەك.
api-error-page = page قىممىتى 1 دىن { $max } گىچە بولغان پۈتۈن سان بولۇشى كېرەك.
api-error-id = ئىنكاسنىڭ نومۇرى 1 دىن باشلانغان پۈتۈن سان.
api-error-token = X-Commenter-Token ئىنكاسچى بەلگىسى ئەمەس (64 خانىلىق ئون ئالتىلىك سان).
api-error-token-missing = ئىنكاسچى بەلگىڭىزنى X-Commenter-Token باش قىسمىدا يوللاڭ.
api-error-not-yours = بۇ نومۇرلۇق ئىنكاسلار ئىچىدە سىزنىڭكى يوق.
api-error-articles = 1 دىن { $max } گىچە خەۋەرنى مۇلازىمەت/slug شەكلىدە، پەش بىلەن ئايرىپ، بوشلۇقسىز يېزىڭ: articles=english/flood,korean/hongsu
api-error-timeout = تەلەپ بەك ئۇزۇن ۋاقىت ئالدى. قايتا سىناڭ.
comment-error-form-repeated = جەدۋەل «{ $field }» نى بىر قېتىمدىن كۆپ يوللىدى، شۇڭا ھېچنېمە ساقلانمىدى. يازغانلىرىڭىز تېخى بۇ يەردە: قايتا يوللاڭ.
comment-error-form-multipart = جەدۋەل بۇ تور بېكەت قوبۇل قىلمايدىغان شەكىلدە (multipart) يوللاندى، شۇڭا ھېچنېمە ساقلانمىدى. خەۋەر بېتىدىن قايتا يوللاڭ.

# Dateline interface text: English, the fallback for every other catalog.
# Every catalog must define exactly the messages of this one (a test checks it).

site-tagline = News in the languages of the people it is about
skip-to-content = Skip to the main content
nav-label = Language services
nav-front-page = Front page
front-heading = Latest news from every service
front-empty = No stories have been published yet.
front-more-from = More from this service
service-heading = { $service }
service-empty = This service has not published any stories yet.
pagination-label = Pages
pagination-newer = Newer stories
pagination-older = Older stories
pagination-page = Page { $page }
tag-heading = Stories tagged “{ $tag }”
tags-label = Tags
article-published = Published
article-updated = Updated
article-file-photo = File photo
article-photo-credit = Photo: { $credit }
article-translations = This story in other languages

comments-heading = Comments
comments-pending-feature = Reader comments for this story will appear here after a moderator approves them.
comments-closed = Comments are closed for this story.

credit-reported_by = Reported by { $names }
credit-translated_by = Translated by { $names }
credit-written_in_english_by = Written in English by { $names }
credit-written_by = Written by { $names }
credit-edited_by = Edited by { $names }
credit-photo_by = Photo by { $names }
credit-for-service = { $credit } for the { $service } Service
credit-sentence = { $credit }.

list-pair = { $first } and { $second }
list-separator = {", "}

# The name of a language service in this catalog's language, by service code;
# services a catalog does not know use the name given when they were created.
service-name = { $code ->
    [english] English
    [korean] Korean
    [mandarin] Mandarin
    [uyghur] Uyghur
    [vietnamese] Vietnamese
    [tibetan] Tibetan
    [burmese] Burmese
   *[other] { $name }
}

# A date and time. Variables: year, month (1–12), monthName, day, time (HH:MM), zone.
datetime = { $monthName } { $day }, { $year }, { $time } { $zone }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

error-not-found-title = Page not found
error-not-found-text = We could not find the page you asked for. It may have moved, or the address may be mistyped.
error-bad-request-title = This request could not be understood
error-bad-request-text = Something in the address or the form was not valid. Please go back and try again.
error-internal-title = Something went wrong on our side
error-internal-text = The page could not be shown just now. Please try again in a moment.
error-front-page-link = Go to the front page
error-service-home-link = Go to the { $service } home page

footer-privacy = This site loads nothing from other websites and does not track its readers.
footer-powered = Published with Dateline.

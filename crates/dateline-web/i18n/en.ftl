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
tag-heading = Stories tagged “{ $tag }”
person-also = Also written
person-elsewhere = In other languages
person-empty = No stories by this person here yet.
tags-label = Tags
article-published = Published
article-updated = Updated
article-file-photo = File photo
article-photo-credit = Photo: { $credit }
article-translations = This story in other languages

comments-heading = Comments
comments-heading-count = { $count ->
    [one] Comments (1)
   *[other] Comments ({ $count })
}
comments-count = { $count ->
    [one] 1 comment
   *[other] { $count } comments
}
comments-closed = Comments are closed for this story.
comments-attack = Many comments are arriving at once. Your browser proves it is not a program before sending; without JavaScript, please wait { $seconds } seconds after opening this page before you send your comment.
comments-locked = Comments are paused on all of this service's stories for now. They will reopen.
comments-empty = No comments have been published on this story yet.
embed-unavailable = Comments are not available on this page.
comments-older = More comments
comments-newer = Earlier comments
# The promise under every article. A service may replace it with its own text.
comments-promise = Every comment is read and approved by a moderator before it appears, so comments do not appear in real time.
comments-notice = Add your comment by filling out the form below in plain text. Comments are approved by a moderator and can be edited in accordance with the Terms of Use. Comments will not appear in real time. We are not responsible for the content of the postings. Please be respectful of others' point of view and stick to the facts.
comment-awaiting = Awaiting moderation. Only you can see this comment.
comment-edited = Edited by a moderator
comment-reply = Reply
comment-replying-to = You are replying to { $name }.
comment-cancel-reply = Write a new comment instead
comment-received = Thank you. Your comment was received and will appear after a moderator approves it.
comment-delete = Delete
comment-report = Report
comment-report-reason = What is wrong with this comment?
comment-report-submit = Send the report
comment-report-title = Report a comment
comment-report-label = Report the comment by { $name }
comment-report-missing = Say what is wrong with this comment: a moderator reads every report.
comment-reported = Thank you. A moderator will review this comment.
comment-state-pending = Awaiting moderation
comment-state-approved = Published
comment-state-rejected = Not published
comment-state-reported = Published, under review
comment-state-deleted = Deleted

form-heading = Add your comment
form-name = Name
form-name-hint = Shown with your comment.
form-email = Email (optional)
form-email-hint = Only used to tell you when your comment is published. Never shown.
form-text = Your comment
form-text-hint = Plain text, up to { $max } characters. A blank line starts a new paragraph.
form-accept-terms = I accept the Terms of Use.
form-terms-link = Read the Terms of Use
form-honeypot = Leave this field empty
form-submit = Submit comment
form-errors-heading = Your comment was not sent:

comment-error-name-missing = Please enter a name.
comment-error-name-reserved = This name is kept for the newsroom's staff. Please choose another one.
comment-error-name-too-long = The name is too long: at most { $max } characters.
comment-error-text-missing = Please write a comment.
comment-error-text-too-long = The comment is too long: at most { $max } characters.
comment-error-too-many-links = The comment has too many links: at most { $max }.
comment-error-email = The email address does not look right. Leave it empty if you prefer.
comment-error-terms = Please accept the Terms of Use to send a comment.
comment-error-parent = You can only reply to a published comment on this story.
comment-error-closed = Comments are closed for this story.
comment-error-honeypot = The form could not be accepted. Please leave the last, hidden field empty.
comment-error-too-fast = The form was sent very quickly after the page opened. Please wait a few seconds and send it again.
comment-error-duplicate = This comment cannot be sent again. If you have sent it before, it will appear once a moderator has approved it.
comment-error-rate-address = Too many comments were sent from your connection in the last hour. Please try again later.
comment-error-rate-article = Many readers are commenting on this story right now. Please try again in a minute.
comment-error-banned = You cannot comment at present.
comment-error-form-expired = This form has expired or was not sent from this site. Your text is still here: please send it again.
comment-error-under-attack = Many comments are arriving at once. Please wait { $max } seconds after opening the form, then send it again; what you typed is kept.

terms-heading = Terms of Use
terms-version = Version { $version }
terms-default-intro = By sending a comment you agree to these terms.
terms-default-body = Comments are written in plain text and read by a moderator before they are published. Moderators may decline a comment that is off topic, abusive, spam, or that reveals someone's personal information, and may edit comments in accordance with these terms. Be respectful of others' point of view and stick to the facts. We are not responsible for the content of the postings. We do not store your IP address. An email address, if you give one, is used only to tell you when your comment is published and is erased after 30 days. You can delete your comments and download everything stored about them at any time from the page “Your comments”.

my-comments-heading = Your comments
my-comments-intro = These are the comments sent from this browser. You can delete any of them, and download everything stored about them.
my-comments-download = Download your data (JSON)
my-comments-empty = No comments have been sent from this browser.
my-comments-deleted = The comment was deleted.
my-comments-confirm-heading = Delete this comment?
my-comments-confirm-text = Deleting it removes its text and name for good; it cannot be undone.
my-comments-confirm-delete = Delete it for good
my-comments-keep = Keep it
comment-delete-label = Delete comment { $id }
footer-my-comments = Your comments

notice-subject = Your comment was published: { $headline }
notice-body =
    Hello { $name },

    your comment on “{ $headline }” was approved by a moderator and is now published:
    { $url }

    You receive this message once, because you gave your address with the comment. The address has now been erased.


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
time-zone = { $zone ->
    [Asia-Shanghai] Beijing time
    [Asia-Urumqi] Ürümqi time
    [Asia-Ho_Chi_Minh] Vietnam time
   *[other] { $abbreviation }
}
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
error-forbidden-title = This request was refused
error-forbidden-text = The form was not sent from this site or has expired. Please go back, reload the page and try again.
error-too-large-title = This request is too large
error-too-large-text = What was sent is larger than this site accepts. Please shorten it and try again.
error-too-many-title = Too many requests
error-too-many-text = This was sent too many times in a short while. Please wait a while and try again.
error-internal-title = Something went wrong on our side
error-internal-text = The page could not be shown just now. Please try again in a moment.
error-front-page-link = Go to the front page
error-service-home-link = Go to the { $service } home page

footer-privacy = This site loads nothing from other websites and does not track its readers.
footer-powered = Published with Dateline.

## Ways to read: feeds, the lite pages, the onion address
footer-feeds = Follow by feed:
footer-lite = Lite version
footer-onion = Onion address (Tor)
lite-full-version = Full version
lite-show-photo = Show the photo
lite-comments = Comments and the comment form are on the full version.

## The desk: stories taken down, corrections
error-gone-title = This story was taken down
error-gone-text = The newsroom has withdrawn this story. Its comments are kept, but it is no longer published.
story-corrections-heading = Corrections
story-correction = Correction, { $date }: { $text }

## The desk's console (offered in every catalog's language; each user chooses).
desk-stories = Stories
desk-new-in = Write a new story in
desk-new-story = New story
desk-service = Service
desk-all-mine = all of mine
desk-status = Status
desk-any = any
desk-mine = mine
desk-source-changed = source changed
desk-filter = Filter
desk-headline-column = Headline
desk-owner = Who has it
desk-changed = Changed
desk-source-changed-since = source changed since translation
desk-no-stories = No stories here.
desk-older = Older
desk-status-draft = draft
desk-status-in_review = in review
desk-status-scheduled = scheduled
desk-status-published = published
desk-status-unpublished = unpublished
desk-history = History
desk-on-the-site = On the site
desk-preview-link = Preview link
desk-preview-link-hint = (read-only, works for 7 days without an account)
desk-with = with
desk-revision = revision { $number }
desk-sent-back = Sent back:
desk-their-version = Their version (revision { $revision }) by
desk-theirs = Theirs
desk-yours = Yours (in the form below)
desk-take-theirs = Take theirs (discard mine)
desk-source = Source:
desk-source-changed-text = The source changed since this translation was checked:
desk-mark-checked = Mark as checked
desk-preview = Preview
desk-headline = Headline
desk-summary = Summary
desk-body = Body (Markdown: blank lines between paragraphs, ## for a subheading)
desk-slug = Address (slug; made from the headline when empty)
desk-slug-published = Address (slug; made from the headline when empty; kept when the headline changes — an editor may change it, and the old address then leads to the new one)
desk-tags = Tags (separated by commas)
desk-comments = Comments
desk-comments-default = as the service sets
desk-policy-open = open
desk-policy-closed = closed
desk-policy-hidden = hidden
desk-credits = Credits
desk-credits-hint-before = Names from the
desk-credits-hint-link = directory of people
desk-credits-hint-after = link to their pages and are shown in each page's language.
desk-credit-role = Role
desk-credit-names = Names, separated by commas
desk-credit-for = For the service
desk-credit-for-service = for the { $service } Service
desk-role-reported_by = reported by
desk-role-translated_by = translated by
desk-role-written_in_english_by = written in English by
desk-role-written_by = written by
desk-role-edited_by = edited by
desk-role-photo_by = photo by
desk-lead-photo = Lead photo
desk-caption = Caption
desk-alt = Alt text (what the photo shows, for readers who cannot see it)
desk-photo-credit = Photo credit
desk-file-photo = File photo
desk-remove-photo = Remove the photo
desk-publish-at = Publish at (leave empty for now; time in the service's zone)
desk-note = Note to the writer (when sending back)
desk-correction = Correction notice (when correcting: shown dated at the end of the story)
desk-action-create = Save draft
desk-action-save = Save
desk-action-update = Update
desk-action-preview = Preview
desk-action-submit = Submit for review
desk-action-publish = Publish
desk-action-send_back = Send back
desk-action-correct = Correct
desk-action-unpublish = Unpublish
desk-action-restore = Restore
desk-autosaved = Saved automatically, { $time }.
desk-autosave-refused = Not saved automatically:
desk-autosave-offline = Not saved automatically: no connection. Your text is still here; press Save when you are back online.
desk-upload-photo = Upload a photo (JPEG, PNG or WebP; every trace of where, when and with what it was taken — location, camera, author — is removed)
desk-alt-required = Alt text (required: what the photo shows)
desk-credit = Credit
desk-upload-and-use = Upload and use
desk-from-library = Or choose one from the media library
desk-older-photos = Older photos
desk-whole-library = the whole library
desk-alt-short = Alt text (required)
desk-use-photo = Use this photo
desk-corrections = Corrections
desk-translate-into = Translate into
desk-start-translation = Start a translation
desk-revision-column = Revision
desk-what = What
desk-who = Who
desk-when = When
desk-current = (current)
desk-changes = changes
desk-compare-current = compare with current
desk-restore = Restore
desk-changes-title = Changes
desk-changes-heading = Changes from revision { $from } to { $to }
desk-unchanged = (unchanged)
desk-media-library = Media library
desk-nav-media = Media
desk-media-hint = Every photo uploaded or imported, newest first, cleaned of where, when and with what it was taken. To reuse one, open a story and choose it under "Lead photo"; the words it last had are shown here to copy.
desk-size = Size
desk-added = Added
desk-stories-count = Stories
desk-no-photos = No photos yet. Upload one from a story's editor.
desk-people = People
desk-people-hint = The people behind credits. A credit that names someone by any of their names links to their page, and each page shows the name written for its language. A name belongs to one person.
desk-names = Names
desk-address = Address
desk-console-user = Console user
desk-pages = Pages
desk-no-people = No one yet.
desk-add-person = Add a person
desk-add = Add
desk-names-legend = Names, one per language or script (ko Hangul, ko-Latn Latin letters, en, zh-Hans …); the first is their own
desk-language = Language
desk-name = Name
desk-person-address = Address (the page is /SERVICE/people/ADDRESS; made from the name in Latin letters when empty)
desk-console-user-optional = Console user (optional)
desk-none = none
desk-save = Save
desk-remove-person-text = Removing { $slug } takes them out of the directory: their credits stay as written, as plain names, and their pages are gone.
desk-remove-person = Remove from the directory
desk-api-tokens = API tokens
desk-tokens-intro = A token lets one of the newsroom's tools write stories through the API (/api/v1/stories) as a reporter or an editor of one service. Send it as Authorization: Bearer TOKEN.
desk-token-made = Made { $label }. Its token, shown only now:
desk-token-name = Name
desk-token-role = Role
desk-token-made-column = Made
desk-revoked = revoked { $at }
desk-active = active
desk-revoke = Revoke
desk-no-tokens = No tokens yet.
desk-make-token = Make a token
desk-make-token-button = Make the token
desk-flash-saved = Saved.
desk-flash-corrected = Corrected: the notice is on the story.
desk-flash-submitted = Submitted for review.
desk-flash-sent-back = Sent back to its writer.
desk-flash-scheduled = Scheduled.
desk-flash-published = Published.
desk-flash-unpublished = Unpublished: its address answers 410.
desk-flash-restored = Restored.
desk-flash-checked = Marked as checked against its source.
desk-flash-photo = The photo is the story's lead photo.
desk-flash-revision-restored = Revision { $number } restored as revision { $revision }.
desk-flash-person-added = { $name } ({ $slug }) is in the directory.
desk-flash-person-removed = { $name } is no longer in the directory; their credits stay as written.
desk-not-saved-fields = Not saved: correct the fields named below. Your text is kept.
desk-not-saved-address = Not saved: the address is taken. Your text is kept.
desk-not-done = Not done: { $why }.
desk-not-done-kept = Not done: { $why }. Your text is kept.
desk-not-started = Not started: { $why }.
desk-not-restored = Not restored: { $why }.
desk-not-added = Not added: see below.
desk-photo-conflict = Not done: someone saved this story since you opened it (revision { $revision }); this page shows it as it is now. An uploaded photo is in the media library below: choose it again.
desk-not-made = Not made: { $why }.
desk-conflict = Not saved: { $author } saved this story while you were writing (revision { $revision }). Their version and yours are side by side: save yours over theirs, or copy what you need and take theirs.
desk-kept-form = You were signed out while you wrote. What you sent is kept: sign in again within the hour and it will be saved.

## The readers' API: errors (JSON `error`, in the request's or the article's language)
api-error-no-article = No such article.
api-error-gone = This article was taken down.
api-error-bad-request = The request is malformed.
api-error-forbidden = The request is refused.
api-error-too-large = The request is too large: at most { $max } bytes.
api-error-too-many = Too many requests. Please try again later.
api-error-internal = The server failed. Please try again.
api-error-no-route = No such API address.
api-error-method = This address does not take { $method }. It takes: { $allowed }.
api-error-media-type = Send the body as JSON, with Content-Type: application/json.
api-error-json-syntax = The body is not valid JSON (line { $line }, column { $column }).
api-error-json-object = The body must be a JSON object.
api-error-json-array = The body must be a JSON object, not an array.
api-error-must-be-text = { $field } must be a string.
api-error-must-be-number = { $field } must be a whole number.
api-error-must-be-boolean = { $field } must be true or false.
api-error-page = page must be a whole number from 1 to { $max }.
api-error-id = A comment's id is a whole number from 1.
api-error-token = X-Commenter-Token is not a commenter token (64 hexadecimal digits).
api-error-token-missing = Send your commenter token in the X-Commenter-Token header.
api-error-not-yours = No comment of yours has this id.
api-error-articles = Name from 1 to { $max } articles as service/slug, separated by commas, without spaces: articles=english/flood,korean/hongsu
api-error-timeout = The request took too long. Please try again.
comment-error-form-repeated = The form sent “{ $field }” more than once, so nothing was saved. Your text is still here: please send it again.
comment-error-form-multipart = The form arrived in a format this site does not take (multipart), so nothing was saved. Please send it again from the story's page.

## The moderation console (offered in every catalog's language; each user chooses)
console-brand = Dateline console
console-nav-label = Console
console-nav-dashboard = Dashboard
console-nav-queue = Queue
console-nav-reported = Reported
console-nav-bans = Bans
console-nav-users = Users
console-nav-services = Services
console-nav-audit = Audit log
console-sign-out = Sign out
console-sign-in = Sign in
console-name = Name
console-password = Password
console-second-factor = Second factor
console-second-factor-code = Code from your authenticator app, or a recovery code
console-continue = Continue
console-setup-title = Create the first admin
console-setup-link = This link works until an admin account exists.
console-setup-not-created = Not created: { $why }.
console-setup-create = Create the admin account
console-password-new-rule = New password (at least 12 characters)
console-password-again = New password again
console-nothing-changed = Nothing was changed
console-not-done = Not done
console-back = Back
console-role = Role
console-role-admin = admin
console-role-moderator = moderator
console-role-editor = editor
console-role-reporter = reporter
console-role-translator = translator
console-state = State
console-state-pending = pending
console-state-reported = reported
console-state-approved = approved
console-state-rejected = rejected
console-state-deleted = deleted
console-state-all = all
console-reason-off-topic = off-topic
console-reason-abusive = abusive
console-reason-spam = spam
console-reason-personal-information = personal information
console-reason-other = other
console-duration-seconds = { $n } s
console-duration-minutes = { $n } min
console-duration-hours = { $n } h
console-duration-days = { $n } days
console-no-moderation = Your role ({ $role }) has no moderation rights.
console-dashboard-caption = Comments waiting per service, the oldest pending one's wait; time to moderation over the last 7 days
console-service = Service
console-services = Services
console-oldest-waiting = Oldest waiting
console-oldest-waiting-for = oldest waiting { $time }
console-median = Median
console-p90 = 90th percentile
console-open-queue = Open the queue
console-queue = Moderation queue
console-queue-title = Comments: { $state }
console-pending-by-service = pending by service:
console-all-of-mine = all of mine
console-article-slug = Article (slug)
console-text = Text
console-label = Label
console-labels = Labels
console-per-page = Per page
console-filter = Filter
console-keys = Keys:
console-key-move = next/previous
console-key-approve = approve
console-key-reject = reject (asks for a reason if none is chosen)
console-key-edit = edit
console-key-select = select
console-queue-empty = Nothing here. The queue is clear.
console-position = Comments { $first }–{ $last } of { $total }
console-select-all = Select all on this page
console-select-none = Clear the selection
console-selected = Selected:
console-choose = choose…
console-bulk-approve = approve
console-bulk-reject = reject
console-reason-to-reject = reason (to reject)
console-choose-reason = choose a reason…
console-note = note
console-apply-selected = Apply to selected
console-waiting = waiting { $time }
console-by = by
console-edited = edited by a moderator
console-show-all = Show all of comment { $id }
console-show-less = Show less
console-approve = Approve
console-approve-label = Approve comment { $id }
console-keep = Keep (dismiss report)
console-keep-label = Keep comment { $id } (dismiss report)
console-reject = Reject
console-reject-label = Reject comment { $id }
console-remove = Remove
console-remove-label = Remove comment { $id }
console-unpublish = Unpublish
console-unpublish-label = Unpublish comment { $id }
console-reason = Reason
console-reason-choose = reason…
console-reason-label = Reason to reject comment { $id }
console-reason-unpublish-label = Reason to unpublish comment { $id }
console-note-label = Note for comment { $id }
console-edit-history-ban = Edit, history, ban
console-comment-number = comment { $id }
console-pages-label = Pages of the queue
console-first-page = First page
console-previous-page = Previous page
console-next-page = Next page
console-comment = Comment
console-edit-publish = Edit, then publish
console-edit-text = Text (the original and every version are kept)
console-edit-save = Save edit and publish
console-decide = Decide
console-reason-to-reject-or-unpublish = Reason (to reject or unpublish)
console-ban-title = Ban this commenter
console-ban-days = Days
console-ban-button = Ban (commenter token and address)
console-versions = Versions
console-version = Version { $number } by
console-the-author = the author
console-in-reply-to = In reply to
console-commenter-record = Commenter: { $approved } approved, { $rejected } rejected before
console-banned = banned
console-same-text = same text submitted { $count } other time(s)
console-reported-times = { $count ->
    [one] Reported { $count } time
   *[other] Reported { $count } times
}
console-latest-reasons = (the latest { $count } reasons below)
console-reported = Reported:
console-bans-title = Bans in force
console-bans-none = No commenter is banned.
console-ban = Ban
console-ban-covers = Covers
console-ban-covers-token-and-address = commenter token and address
console-ban-covers-token = commenter token
console-ban-covers-address = address
console-since = Since
console-until = Until
console-ban-lift = Lift
console-ban-lift-label = Lift ban { $id }
console-actor = Actor
console-action = Action
console-any = any
console-from = From
console-to = To
console-when = When
console-object = Object
console-change = Change
console-older-entries = Older entries
console-status = Status
console-on = on
console-off = off
console-user-active = active
console-user-disabled = disabled
console-user-disable = Disable
console-user-disable-label = Disable { $name }
console-user-created = Created { $name }. Their password, shown only now:
console-user-add = Add a user
console-user-services = Services (every role but admin works within its services)
console-user-add-button = Add, with a generated password
console-notice = Notice above the comment form
console-notice-standard = Notice above the comment form (the standard text)
console-notice-save = Save notice
console-notice-reset = Use the standard notice
console-terms = Terms of Use (Markdown); current version { $version }
console-terms-built-in = Terms of Use (Markdown); current version 0: the built-in terms
console-terms-publish = Publish as a new version
console-terms-read = Read the current terms
console-account = Your account
console-recovery-codes = Recovery codes
console-recovery-codes-once = Each works once, if you lose your authenticator app. They are not shown again.
console-language = Console language
console-language-label = The console's own words in
console-language-browser = the browser's language
console-language-save = Save language
console-password-change = Change your password
console-password-current = Current password
console-password-change-button = Change password (signs you out everywhere)
console-sessions = Sessions
console-sessions-end = Sign out of every session
console-second-factor-on = On: signing in asks for a code from your authenticator app.
console-second-factor-turn-off = Turn off
console-second-factor-off = Off. To turn it on, add this key to an authenticator app (TOTP, 6 digits, 30 seconds), then type the code it shows.
console-second-factor-key = Key:
console-second-factor-link = Or as a link:
console-code = Code
console-second-factor-turn-on = Turn on
console-flash-no-reason = Comment { $id } was not changed: choose a reason first.
console-flash-decided = Comment { $id } is now { $state }.
console-flash-bulk-no-reason = Nothing was rejected: choose a reason for the selected comments.
console-flash-bulk-choose = Choose what to do with the selected comments.
console-flash-bulk-approved = { $done } of { $count } comment(s) approved.
console-flash-bulk-rejected = { $done } of { $count } comment(s) rejected.
console-flash-not-changed = Not changed: { $why }
console-flash-banned = The commenter of comment { $id } is banned for { $days } day(s) (ban { $ban }).
console-flash-ban-lifted = Ban { $id } lifted.
console-flash-not-applied = Not applied: { $why }.
console-flash-not-added = Not added: { $why }.
console-flash-disabled = { $name } is disabled and signed out.
console-flash-disable-self = You cannot disable your own account.
console-flash-notice-saved = The comment notice of { $code } is saved.
console-flash-notice-standard = { $code } shows the standard comment notice.
console-flash-terms-published = Version { $version } of the Terms of Use of { $code } is published.
console-flash-terms-empty = Not published: the Terms of Use need a text.
console-flash-password-wrong = Not changed: the current password is wrong.
console-flash-password-not-changed = Not changed: { $why }.
console-flash-key-not-offered = Not turned on: the key was not offered here. Add this new key to your app.
console-flash-second-factor-on = The second factor is on. Keep these recovery codes somewhere safe: they are shown once.
console-flash-code-wrong = Not turned on: that code does not match. Type the current code from your app.
console-flash-password-wrong-off = Not turned off: the password is wrong.
console-flash-second-factor-off = The second factor is off.
console-flash-language = The console speaks { $language } for you.

console-language-name = English

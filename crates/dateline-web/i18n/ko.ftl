# Dateline interface text: Korean (한국어).
# Every catalog must define exactly the messages of en.ftl (a test checks it).

site-tagline = 뉴스의 당사자들이 쓰는 언어로 전하는 뉴스
skip-to-content = 본문 바로가기
nav-label = 언어 서비스
nav-front-page = 홈
front-heading = 각 언어 서비스의 최신 뉴스
front-empty = 아직 게재된 기사가 없습니다.
front-more-from = 이 서비스 기사 더 보기
service-heading = { $service }
service-empty = 이 서비스에는 아직 게재된 기사가 없습니다.
pagination-label = 페이지
pagination-newer = 최근 기사
pagination-older = 이전 기사
tag-heading = ‘{ $tag }’ 태그 기사
person-also = 다른 표기
person-elsewhere = 다른 언어로
person-empty = 이 서비스에는 아직 이 사람의 기사가 없습니다.
tags-label = 태그
article-published = 입력
article-updated = 수정
article-file-photo = 자료사진
article-photo-credit = 사진: { $credit }
article-translations = 이 기사 다른 언어로 읽기

comments-heading = 댓글
comments-heading-count = 댓글 { $count }개
comments-count = 댓글 { $count }개
comments-closed = 이 기사는 댓글 작성이 마감되었습니다.
comments-empty = 이 기사에는 아직 게시된 댓글이 없습니다.
comments-older = 댓글 더 보기
comments-newer = 이전 댓글
# The promise under every article. A service may replace it with its own text.
comments-promise = 모든 댓글은 운영자가 읽고 승인한 뒤에 게시되므로 실시간으로 나타나지 않습니다.
comments-notice = 아래 양식에 일반 텍스트로 댓글을 작성해 주십시오. 댓글은 관리자의 승인을 거쳐 게시되며, 이용 약관에 따라 수정될 수 있습니다. 댓글은 실시간으로 게시되지 않습니다. 본사는 게시물의 내용에 대해 책임지지 않습니다. 다른 사람의 의견을 존중하고 사실에 근거해 작성해 주십시오.
comment-awaiting = 검토 대기 중입니다. 이 댓글은 본인에게만 보입니다.
comment-edited = 관리자가 수정함
comment-reply = 답글
comment-replying-to = { $name } 님의 댓글에 답글을 작성하고 있습니다.
comment-cancel-reply = 답글 대신 새 댓글 쓰기
comment-received = 감사합니다. 댓글이 접수되었으며, 관리자의 승인을 거친 뒤 게시됩니다.
comment-delete = 삭제
comment-report = 신고
comment-report-reason = 이 댓글의 어떤 점이 문제인가요?
comment-report-submit = 신고 보내기
comment-report-title = 댓글 신고
comment-report-label = { $name }님의 댓글 신고
comment-report-missing = 이 댓글의 무엇이 문제인지 적어 주세요. 모든 신고는 운영자가 읽습니다.
comment-reported = 감사합니다. 관리자가 이 댓글을 검토할 예정입니다.
comment-state-pending = 검토 대기 중
comment-state-approved = 게시됨
comment-state-rejected = 게시되지 않음
comment-state-reported = 게시됨, 검토 중
comment-state-deleted = 삭제됨

form-heading = 댓글 쓰기
form-name = 이름
form-name-hint = 댓글과 함께 표시됩니다.
form-email = 이메일(선택)
form-email-hint = 댓글이 게시되면 알려 드리는 데에만 사용되며, 공개되지 않습니다.
form-text = 댓글
form-text-hint = 일반 텍스트로 최대 { $max }자까지 쓸 수 있습니다. 빈 줄을 넣으면 새 문단이 시작됩니다.
form-accept-terms = 이용 약관에 동의합니다.
form-terms-link = 이용 약관 읽기
form-honeypot = 이 칸은 비워 두십시오
form-submit = 댓글 등록
form-errors-heading = 댓글이 전송되지 않았습니다:

comment-error-name-missing = 이름을 입력해 주십시오.
comment-error-name-reserved = 이 이름은 편집국 직원용으로 남겨 둔 이름입니다. 다른 이름을 골라 주십시오.
comment-error-name-too-long = 이름이 너무 깁니다. 최대 { $max }자까지 입력할 수 있습니다.
comment-error-text-missing = 댓글 내용을 입력해 주십시오.
comment-error-text-too-long = 댓글이 너무 깁니다. 최대 { $max }자까지 쓸 수 있습니다.
comment-error-too-many-links = 댓글에 링크가 너무 많습니다. 링크는 최대 { $max }개까지 넣을 수 있습니다.
comment-error-email = 이메일 주소가 올바르지 않은 것 같습니다. 원하시면 비워 두셔도 됩니다.
comment-error-terms = 댓글을 보내려면 이용 약관에 동의해 주십시오.
comment-error-parent = 이 기사에 게시된 댓글에만 답글을 달 수 있습니다.
comment-error-closed = 이 기사는 댓글 작성이 마감되었습니다.
comment-error-honeypot = 양식을 접수할 수 없습니다. 마지막 숨김 칸은 비워 두십시오.
comment-error-too-fast = 페이지가 열린 직후 너무 빨리 양식이 전송되었습니다. 몇 초 기다린 뒤 다시 보내 주십시오.
comment-error-duplicate = 이 댓글은 다시 보낼 수 없습니다. 이미 보내셨다면 관리자의 승인을 거친 뒤 게시됩니다.
comment-error-rate-address = 지난 1시간 동안 같은 인터넷 연결에서 너무 많은 댓글이 전송되었습니다. 나중에 다시 시도해 주십시오.
comment-error-rate-article = 지금 많은 독자가 이 기사에 댓글을 달고 있습니다. 1분 뒤에 다시 시도해 주십시오.
comment-error-banned = 현재 댓글을 작성하실 수 없습니다.
comment-error-form-expired = 양식이 만료되었거나 이 사이트에서 전송되지 않았습니다. 작성하신 내용은 그대로 남아 있으니 다시 보내 주십시오.

terms-heading = 이용 약관
terms-version = 버전 { $version }
terms-default-intro = 댓글을 보내면 이 약관에 동의하는 것으로 간주됩니다.
terms-default-body = 댓글은 일반 텍스트로 작성하며, 게시되기 전에 관리자가 읽고 검토합니다. 관리자는 주제와 관계없는 댓글, 욕설이나 모욕이 담긴 댓글, 스팸, 다른 사람의 개인 정보를 드러내는 댓글의 게시를 거부할 수 있으며, 이 약관에 따라 댓글을 수정할 수 있습니다. 다른 사람의 의견을 존중하고 사실에 근거해 작성해 주십시오. 본사는 게시물의 내용에 대해 책임지지 않습니다. 본사는 이용자의 IP 주소를 저장하지 않습니다. 이메일 주소는 입력하신 경우에 한해 댓글이 게시되었음을 알려 드리는 데에만 사용되며, 30일 후에 삭제됩니다. 이용자는 언제든지 ‘내 댓글’ 페이지에서 자신의 댓글을 삭제하고, 댓글과 관련해 저장된 모든 정보를 내려받을 수 있습니다.

my-comments-heading = 내 댓글
my-comments-intro = 이 브라우저에서 보낸 댓글입니다. 어느 댓글이든 삭제할 수 있으며, 댓글과 관련해 저장된 모든 정보를 내려받을 수 있습니다.
my-comments-download = 내 데이터 내려받기(JSON)
my-comments-empty = 이 브라우저에서 보낸 댓글이 없습니다.
my-comments-deleted = 댓글이 삭제되었습니다.
my-comments-confirm-heading = 이 댓글을 삭제할까요?
my-comments-confirm-text = 삭제하면 글과 이름이 영구히 지워지며 되돌릴 수 없습니다.
my-comments-confirm-delete = 영구 삭제
my-comments-keep = 그대로 두기
comment-delete-label = 댓글 { $id } 삭제
footer-my-comments = 내 댓글

notice-subject = 댓글이 게재되었습니다: { $headline }
notice-body =
    { $name } 님, 안녕하세요.

    “{ $headline }” 기사에 남기신 댓글이 관리자의 승인을 거쳐 게재되었습니다:
    { $url }

    댓글과 함께 이메일 주소를 남기셔서 이 안내를 한 번 보내 드립니다. 주소는 이제 삭제되었습니다.


# A credit line reads e.g. "취재: 홍길동, 김철수 (한국어 서비스). 번역: 이영희. 영어 원문 작성: 박민수."
credit-reported_by = 취재: { $names }
credit-translated_by = 번역: { $names }
credit-written_in_english_by = 영어 원문 작성: { $names }
credit-written_by = 기사 작성: { $names }
credit-edited_by = 편집: { $names }
credit-photo_by = 사진: { $names }
credit-for-service = { $credit } ({ $service } 서비스)
credit-sentence = { $credit }.

list-pair = { $first }, { $second }
list-separator = {", "}

# The name of a language service in this catalog's language, by service code;
# services a catalog does not know use the name given when they were created.
service-name = { $code ->
    [english] 영어
    [korean] 한국어
    [mandarin] 중국어
    [uyghur] 위구르어
    [vietnamese] 베트남어
    [tibetan] 티베트어
    [burmese] 버마어
   *[other] { $name }
}

# A date and time. Variables: year, month (1–12), monthName, day, time (HH:MM), zone.
datetime = { $year }년 { $month }월 { $day }일 { $time } { $zone }
time-zone = { $zone ->
    [Asia-Seoul] KST
    [Asia-Shanghai] 베이징 시간
    [Asia-Urumqi] 우루무치 시간
    [Asia-Ho_Chi_Minh] 베트남 시간
    [America-New_York] 미국 동부 시간
   *[other] { $abbreviation }
}
month-1 = 1월
month-2 = 2월
month-3 = 3월
month-4 = 4월
month-5 = 5월
month-6 = 6월
month-7 = 7월
month-8 = 8월
month-9 = 9월
month-10 = 10월
month-11 = 11월
month-12 = 12월

error-not-found-title = 페이지를 찾을 수 없습니다
error-not-found-text = 요청하신 페이지를 찾을 수 없습니다. 페이지가 옮겨졌거나 주소가 잘못 입력되었을 수 있습니다.
error-bad-request-title = 잘못된 요청입니다
error-bad-request-text = 주소나 입력 양식에 올바르지 않은 내용이 있습니다. 이전 페이지로 돌아가 다시 시도해 주십시오.
error-forbidden-title = 요청이 거부되었습니다
error-forbidden-text = 양식이 이 사이트에서 전송되지 않았거나 만료되었습니다. 이전 페이지로 돌아가 페이지를 새로 고친 뒤 다시 시도해 주십시오.
error-too-large-title = 요청이 너무 큽니다
error-too-large-text = 전송된 내용이 이 사이트에서 받을 수 있는 크기를 넘습니다. 내용을 줄여서 다시 시도해 주십시오.
error-too-many-title = 요청이 너무 많습니다
error-too-many-text = 짧은 시간에 너무 여러 번 보내셨습니다. 잠시 기다린 뒤 다시 시도해 주십시오.
error-internal-title = 사이트에 문제가 발생했습니다
error-internal-text = 지금은 페이지를 표시할 수 없습니다. 잠시 후 다시 시도해 주십시오.
error-front-page-link = 홈으로 가기
error-service-home-link = { $service } 서비스 홈으로 가기

footer-privacy = 이 사이트는 다른 웹사이트의 콘텐츠를 일절 불러오지 않으며, 독자를 추적하지 않습니다.
footer-powered = Dateline으로 발행합니다.

## Ways to read: feeds, the lite pages, the onion address
footer-feeds = 피드로 구독:
footer-lite = 라이트 버전
footer-onion = 어니언 주소 (Tor)
lite-full-version = 전체 버전
lite-show-photo = 사진 보기
lite-comments = 댓글과 댓글 양식은 전체 버전에 있습니다.

## The desk: stories taken down, corrections
error-gone-title = 삭제된 기사입니다
error-gone-text = 편집국이 이 기사를 내렸습니다. 댓글은 보관되지만 기사는 더 이상 게재되지 않습니다.
story-corrections-heading = 정정
story-correction = 정정 ({ $date }): { $text }

## The readers' API: errors (JSON `error`, in the request's or the article's language)
api-error-no-article = 해당 기사가 없습니다.
api-error-gone = 이 기사는 삭제되었습니다.
api-error-bad-request = 요청 형식이 올바르지 않습니다.
api-error-forbidden = 요청이 거부되었습니다.
api-error-too-large = 요청이 너무 큽니다. 최대 { $max }바이트까지 보낼 수 있습니다.
api-error-too-many = 요청이 너무 많습니다. 잠시 후 다시 시도해 주십시오.
api-error-internal = 서버에 문제가 생겼습니다. 다시 시도해 주십시오.
api-error-no-route = 해당 API 주소가 없습니다.
api-error-method = 이 주소는 { $method } 요청을 받지 않습니다. 받는 요청: { $allowed }.
api-error-media-type = 본문을 JSON으로 보내 주십시오(Content-Type: application/json).
api-error-json-syntax = 본문이 올바른 JSON이 아닙니다({ $line }행 { $column }열).
api-error-json-object = 본문은 JSON 객체여야 합니다.
api-error-json-array = 본문은 배열이 아닌 JSON 객체여야 합니다.
api-error-must-be-text = { $field } 값은 문자열이어야 합니다.
api-error-must-be-number = { $field } 값은 정수여야 합니다.
api-error-must-be-boolean = { $field } 값은 true 또는 false여야 합니다.
api-error-page = page 값은 1부터 { $max }까지의 정수여야 합니다.
api-error-id = 댓글 ID는 1 이상의 정수입니다.
api-error-token = X-Commenter-Token 값이 댓글 작성자 토큰(16진수 64자리)이 아닙니다.
api-error-token-missing = X-Commenter-Token 헤더에 댓글 작성자 토큰을 보내 주십시오.
api-error-not-yours = 이 ID의 댓글 중 본인이 쓴 댓글이 없습니다.
api-error-articles = 기사를 1개에서 { $max }개까지 서비스/슬러그 형식으로, 쉼표로 구분하고 공백 없이 적어 주십시오: articles=english/flood,korean/hongsu
api-error-timeout = 요청 처리 시간이 너무 오래 걸렸습니다. 다시 시도해 주십시오.
comment-error-form-repeated = 양식에서 ‘{ $field }’ 항목이 두 번 이상 전송되어 저장하지 않았습니다. 작성하신 내용은 그대로 남아 있으니 다시 보내 주십시오.
comment-error-form-multipart = 이 사이트가 받지 않는 형식(multipart)으로 양식이 전송되어 저장하지 않았습니다. 기사 페이지에서 다시 보내 주십시오.

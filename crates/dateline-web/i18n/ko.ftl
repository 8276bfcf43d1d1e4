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
pagination-page = { $page }페이지
tag-heading = ‘{ $tag }’ 태그 기사
tags-label = 태그
article-published = 입력
article-updated = 수정
article-file-photo = 자료사진
article-photo-credit = 사진: { $credit }
article-translations = 이 기사 다른 언어로 읽기

comments-heading = 댓글
comments-pending-feature = 이 기사에 대한 독자 댓글은 관리자의 승인을 거친 뒤 이곳에 게시됩니다.
comments-closed = 이 기사는 댓글 작성이 마감되었습니다.

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
error-internal-title = 사이트에 문제가 발생했습니다
error-internal-text = 지금은 페이지를 표시할 수 없습니다. 잠시 후 다시 시도해 주십시오.
error-front-page-link = 홈으로 가기
error-service-home-link = { $service } 서비스 홈으로 가기

footer-privacy = 이 사이트는 다른 웹사이트의 콘텐츠를 일절 불러오지 않으며, 독자를 추적하지 않습니다.
footer-powered = Dateline으로 발행합니다.

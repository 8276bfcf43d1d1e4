# Dateline interface text: Mandarin Chinese, Simplified (简体中文).
# Every catalog must define exactly the messages of en.ftl (a test checks it).

site-tagline = 用新闻当事人的语言报道新闻
skip-to-content = 跳至正文
nav-label = 语种频道
nav-front-page = 首页
front-heading = 各语种频道最新报道
front-empty = 目前尚未发布任何报道。
front-more-from = 本频道更多报道
service-heading = { $service }
service-empty = 本频道尚未发布任何报道。
pagination-label = 分页
pagination-newer = 较新报道
pagination-older = 较早报道
pagination-page = 第{ $page }页
tag-heading = 标签为“{ $tag }”的报道
tags-label = 标签
article-published = 发布于
article-updated = 更新于
article-file-photo = 资料图片
article-photo-credit = 图片来源：{ $credit }
article-translations = 本文其他语言版本

comments-heading = 评论
comments-pending-feature = 本文的读者评论经管理员审核通过后将显示在这里。
comments-closed = 本文评论已关闭。

# A credit line reads e.g. "记者：张明、李华和王芳（韩语部）。翻译：陈静。英文撰稿：赵磊。"
credit-reported_by = 记者：{ $names }
credit-translated_by = 翻译：{ $names }
credit-written_in_english_by = 英文撰稿：{ $names }
credit-written_by = 撰稿：{ $names }
credit-edited_by = 编辑：{ $names }
credit-photo_by = 摄影：{ $names }
credit-for-service = { $credit }（{ $service }部）
credit-sentence = { $credit }。

list-pair = { $first }和{ $second }
list-separator = {"、"}

# The name of a language service in this catalog's language, by service code;
# services a catalog does not know use the name given when they were created.
service-name = { $code ->
    [english] 英语
    [korean] 韩语
    [mandarin] 普通话
    [uyghur] 维吾尔语
    [vietnamese] 越南语
    [tibetan] 藏语
    [burmese] 缅甸语
   *[other] { $name }
}

# A date and time. Variables: year, month (1–12), monthName, day, time (HH:MM), zone.
datetime = { $year }年{ $month }月{ $day }日 { $time } { $zone }
month-1 = 1月
month-2 = 2月
month-3 = 3月
month-4 = 4月
month-5 = 5月
month-6 = 6月
month-7 = 7月
month-8 = 8月
month-9 = 9月
month-10 = 10月
month-11 = 11月
month-12 = 12月

error-not-found-title = 找不到页面
error-not-found-text = 找不到您要访问的页面。该页面可能已被移走，或网址输入有误。
error-bad-request-title = 无法识别此请求
error-bad-request-text = 网址或表单中有无效内容。请返回上一页重试。
error-internal-title = 本站出现故障
error-internal-text = 暂时无法显示此页面，请稍后再试。
error-front-page-link = 返回首页
error-service-home-link = 前往{ $service }频道首页

footer-privacy = 本站不从其他网站加载任何内容，也不追踪读者。
footer-powered = 本站使用 Dateline 发布。

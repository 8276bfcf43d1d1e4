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
tag-heading = 标签为“{ $tag }”的报道
person-also = 其他写法
person-elsewhere = 其他语言
person-empty = 本频道尚无此人的报道。
tags-label = 标签
article-published = 发布于
article-updated = 更新于
article-file-photo = 资料图片
article-photo-credit = 图片来源：{ $credit }
article-translations = 本文其他语言版本

comments-heading = 评论
comments-heading-count = 评论（{ $count }条）
comments-count = { $count }条评论
comments-closed = 本文评论已关闭。
comments-empty = 本文尚无已发布的评论。
comments-older = 更多评论
comments-newer = 前面的评论
# The promise under every article. A service may replace it with its own text.
comments-promise = 每条评论都由版主阅读并批准后才会显示，因此评论不会实时出现。
comments-notice = 请在下方表格中以纯文本形式发表评论。评论须经管理员审核批准，并可能根据使用条款进行编辑。评论不会实时显示。我们对网友发表的内容不承担责任。请尊重他人的观点，并以事实为依据。
comment-awaiting = 正在等待审核。此评论仅您本人可见。
comment-edited = 已由管理员编辑
comment-reply = 回复
comment-replying-to = 您正在回复{ $name }。
comment-cancel-reply = 改为发表新评论
comment-received = 谢谢。您的评论已收到，经管理员审核批准后将会显示。
comment-delete = 删除
comment-report = 举报
comment-report-reason = 这条评论有什么问题？
comment-report-submit = 提交举报
comment-report-title = 举报评论
comment-report-label = 举报{ $name }的评论
comment-report-missing = 请说明这条评论有什么问题：每一条举报都由版主阅读。
comment-reported = 谢谢。审核员将复查这条评论。
comment-state-pending = 等待审核
comment-state-approved = 已发布
comment-state-rejected = 未发布
comment-state-reported = 已发布，正在复查
comment-state-deleted = 已删除

form-heading = 发表评论
form-name = 姓名
form-name-hint = 将与您的评论一同显示。
form-email = 电子邮箱（选填）
form-email-hint = 仅用于在您的评论发布时通知您，绝不会公开显示。
form-text = 您的评论
form-text-hint = 纯文本，最多{ $max }个字符。空一行即开始新段落。
form-accept-terms = 我接受使用条款。
form-terms-link = 阅读使用条款
form-honeypot = 请勿填写此栏
form-submit = 提交评论
form-errors-heading = 您的评论未能发送：

comment-error-name-missing = 请输入姓名。
comment-error-name-reserved = 此名称留给编辑部工作人员使用，请另选一个名称。
comment-error-name-too-long = 姓名过长：最多{ $max }个字符。
comment-error-text-missing = 请填写评论内容。
comment-error-text-too-long = 评论过长：最多{ $max }个字符。
comment-error-too-many-links = 评论中的链接过多：最多{ $max }个。
comment-error-email = 电子邮箱地址似乎有误。如不愿提供，可以留空。
comment-error-terms = 请接受使用条款后再发送评论。
comment-error-parent = 您只能回复本文中已发布的评论。
comment-error-closed = 本文评论已关闭。
comment-error-honeypot = 无法受理此表格。请将最后一个隐藏栏留空。
comment-error-too-fast = 表格在页面打开后发送得过快。请等待几秒钟后再次发送。
comment-error-duplicate = 此评论无法再次发送。如果您此前已经发送过，经管理员审核批准后即会显示。
comment-error-rate-address = 过去一小时内从您的网络连接发送的评论过多。请稍后再试。
comment-error-rate-article = 目前有许多读者正在评论本文。请一分钟后再试。
comment-error-banned = 您目前无法发表评论。
comment-error-form-expired = 此表格已过期，或并非从本站发送。您填写的内容仍保留在此，请重新发送。

terms-heading = 使用条款
terms-version = 版本 { $version }
terms-default-intro = 发送评论即表示您同意本条款。
terms-default-body = 评论须以纯文本形式撰写，并在发布前由管理员审阅。对于离题、辱骂、属于垃圾信息或泄露他人个人信息的评论，管理员可以拒绝发布，并可根据本条款对评论进行编辑。请尊重他人的观点，并以事实为依据。我们对网友发表的内容不承担责任。我们不会存储您的IP地址。如果您提供电子邮箱地址，该地址仅用于在您的评论发布时通知您，并将在30天后删除。您可以随时在“我的评论”页面删除您的评论，并下载本站存储的与这些评论相关的全部信息。

my-comments-heading = 我的评论
my-comments-intro = 以下是从此浏览器发送的评论。您可以删除其中任何一条，并下载本站存储的与这些评论相关的全部信息。
my-comments-download = 下载您的数据（JSON）
my-comments-empty = 尚未从此浏览器发送任何评论。
my-comments-deleted = 该评论已删除。
my-comments-confirm-heading = 删除这条评论？
my-comments-confirm-text = 删除后，评论的文字和名字将被永久清除，无法恢复。
my-comments-confirm-delete = 永久删除
my-comments-keep = 保留
comment-delete-label = 删除评论 { $id }
footer-my-comments = 我的评论

notice-subject = 您的评论已发布：{ $headline }
notice-body =
    { $name }，您好：

    您对“{ $headline }”的评论已通过审核并发布：
    { $url }

    因为您在评论时留下了电子邮件地址，我们发送此通知一次。该地址现已删除。


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
time-zone = { $zone ->
    [Asia-Shanghai] 北京时间
    [Asia-Urumqi] 乌鲁木齐时间
    [Asia-Seoul] 首尔时间
    [Asia-Ho_Chi_Minh] 越南时间
    [America-New_York] 美国东部时间
   *[other] { $abbreviation }
}
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
error-forbidden-title = 此请求被拒绝
error-forbidden-text = 该表格并非从本站发送，或已过期。请返回上一页，刷新页面后重试。
error-too-large-title = 此请求过大
error-too-large-text = 发送的内容超出本站可接受的大小。请删减后重试。
error-too-many-title = 请求过多
error-too-many-text = 您在短时间内发送的次数过多，请稍候再试。
error-internal-title = 本站出现故障
error-internal-text = 暂时无法显示此页面，请稍后再试。
error-front-page-link = 返回首页
error-service-home-link = 前往{ $service }频道首页

footer-privacy = 本站不从其他网站加载任何内容，也不追踪读者。
footer-powered = 本站使用 Dateline 发布。

## Ways to read: feeds, the lite pages, the onion address
footer-feeds = 通过订阅源关注：
footer-lite = 轻量版
footer-onion = 洋葱地址（Tor）
lite-full-version = 完整版
lite-show-photo = 显示照片
lite-comments = 评论和评论表单在完整版中。

## The desk: stories taken down, corrections
error-gone-title = 这篇报道已被撤下
error-gone-text = 编辑部已撤回这篇报道。评论予以保留，但报道不再刊登。
story-corrections-heading = 更正
story-correction = 更正（{ $date }）：{ $text }

## The readers' API: errors (JSON `error`, in the request's or the article's language)
api-error-no-article = 没有这篇文章。
api-error-gone = 这篇文章已被撤下。
api-error-bad-request = 请求格式有误。
api-error-forbidden = 请求被拒绝。
api-error-too-large = 请求过大：最多 { $max } 字节。
api-error-too-many = 请求过多，请稍后再试。
api-error-internal = 服务器出错，请再试一次。
api-error-no-route = 没有这个 API 地址。
api-error-method = 此地址不接受 { $method } 请求，只接受：{ $allowed }。
api-error-media-type = 请以 JSON 格式发送正文（Content-Type: application/json）。
api-error-json-syntax = 正文不是有效的 JSON（第 { $line } 行，第 { $column } 列）。
api-error-json-object = 正文必须是 JSON 对象。
api-error-json-array = 正文必须是 JSON 对象，而不是数组。
api-error-must-be-text = { $field } 必须是字符串。
api-error-must-be-number = { $field } 必须是整数。
api-error-must-be-boolean = { $field } 必须是 true 或 false。
api-error-page = page 必须是 1 到 { $max } 之间的整数。
api-error-id = 评论编号是从 1 开始的整数。
api-error-token = X-Commenter-Token 不是评论者令牌（64 位十六进制数字）。
api-error-token-missing = 请在 X-Commenter-Token 标头中发送您的评论者令牌。
api-error-not-yours = 您没有这个编号的评论。
api-error-articles = 请列出 1 到 { $max } 篇文章，格式为“服务/标识”，用逗号分隔，不加空格：articles=english/flood,korean/hongsu
api-error-timeout = 请求耗时过长，请再试一次。
comment-error-form-repeated = 表格中的“{ $field }”发送了不止一次，因此没有保存。您填写的内容仍保留在此，请重新发送。
comment-error-form-multipart = 表格以本站不接受的格式（multipart）发送，因此没有保存。请从文章页面重新发送。

# Dateline interface text: Vietnamese (Tiếng Việt).
# Every catalog must define exactly the messages of en.ftl (a test checks it).

site-tagline = Tin tức bằng chính ngôn ngữ của những người trong cuộc
skip-to-content = Chuyển đến nội dung chính
nav-label = Các ban ngôn ngữ
nav-front-page = Trang chủ
front-heading = Tin mới nhất từ các ban
front-empty = Chưa có bài viết nào được đăng.
front-more-from = Xem thêm bài của ban này
service-heading = { $service }
service-empty = Ban này chưa đăng bài viết nào.
pagination-label = Trang
pagination-newer = Bài mới hơn
pagination-older = Bài cũ hơn
tag-heading = Các bài viết có thẻ “{ $tag }”
person-also = Cách viết khác
person-elsewhere = Bằng ngôn ngữ khác
person-empty = Ban này chưa có bài viết nào của người này.
tags-label = Thẻ
article-published = Đăng ngày
article-updated = Cập nhật ngày
article-file-photo = Ảnh tư liệu
article-photo-credit = Ảnh: { $credit }
article-translations = Đọc bài này bằng ngôn ngữ khác

comments-heading = Bình luận
comments-heading-count = Bình luận ({ $count })
comments-count = { $count } bình luận
comments-closed = Bài viết này đã đóng bình luận.
comments-empty = Chưa có bình luận nào được đăng cho bài viết này.
comments-older = Xem thêm bình luận
comments-newer = Các bình luận trước
# The promise under every article. A service may replace it with its own text.
comments-promise = Mỗi bình luận đều được người kiểm duyệt đọc và duyệt trước khi hiển thị, vì vậy bình luận không xuất hiện ngay lập tức.
comments-notice = Hãy gửi bình luận của bạn bằng cách điền vào mẫu dưới đây dưới dạng văn bản thuần. Bình luận phải được người kiểm duyệt chấp thuận và có thể được chỉnh sửa theo Điều khoản sử dụng. Bình luận sẽ không xuất hiện theo thời gian thực. Chúng tôi không chịu trách nhiệm về nội dung các bình luận được đăng. Xin vui lòng tôn trọng quan điểm của người khác và bám sát sự thật.
comment-awaiting = Đang chờ kiểm duyệt. Chỉ bạn mới thấy bình luận này.
comment-edited = Đã được người kiểm duyệt chỉnh sửa
comment-reply = Trả lời
comment-replying-to = Bạn đang trả lời { $name }.
comment-cancel-reply = Viết bình luận mới thay vì trả lời
comment-received = Xin cảm ơn. Bình luận của bạn đã được tiếp nhận và sẽ xuất hiện sau khi người kiểm duyệt chấp thuận.
comment-delete = Xóa
comment-report = Báo cáo
comment-report-reason = Bình luận này có vấn đề gì?
comment-report-submit = Gửi báo cáo
comment-report-title = Báo cáo bình luận
comment-report-label = Báo cáo bình luận của { $name }
comment-report-missing = Hãy cho biết bình luận này có vấn đề gì: mọi báo cáo đều được người kiểm duyệt đọc.
comment-reported = Cảm ơn bạn. Người kiểm duyệt sẽ xem xét lại bình luận này.
comment-state-pending = Đang chờ kiểm duyệt
comment-state-approved = Đã đăng
comment-state-rejected = Không được đăng
comment-state-reported = Đã đăng, đang được xem xét lại
comment-state-deleted = Đã xóa

form-heading = Gửi bình luận của bạn
form-name = Tên
form-name-hint = Được hiển thị kèm bình luận của bạn.
form-email = Email (không bắt buộc)
form-email-hint = Chỉ dùng để báo cho bạn biết khi bình luận được đăng. Không bao giờ được hiển thị.
form-text = Bình luận của bạn
form-text-hint = Văn bản thuần, tối đa { $max } ký tự. Để một dòng trống để bắt đầu đoạn mới.
form-accept-terms = Tôi chấp nhận Điều khoản sử dụng.
form-terms-link = Đọc Điều khoản sử dụng
form-honeypot = Để trống ô này
form-submit = Gửi bình luận
form-errors-heading = Bình luận của bạn chưa được gửi:

comment-error-name-missing = Vui lòng nhập tên.
comment-error-name-reserved = Tên này được dành cho nhân viên của tòa soạn. Vui lòng chọn tên khác.
comment-error-name-too-long = Tên quá dài: tối đa { $max } ký tự.
comment-error-text-missing = Vui lòng viết bình luận.
comment-error-text-too-long = Bình luận quá dài: tối đa { $max } ký tự.
comment-error-too-many-links = Bình luận có quá nhiều liên kết: tối đa { $max }.
comment-error-email = Địa chỉ email có vẻ không đúng. Bạn có thể để trống nếu muốn.
comment-error-terms = Vui lòng chấp nhận Điều khoản sử dụng để gửi bình luận.
comment-error-parent = Bạn chỉ có thể trả lời một bình luận đã được đăng trong bài viết này.
comment-error-closed = Bài viết này đã đóng bình luận.
comment-error-honeypot = Không thể chấp nhận biểu mẫu. Vui lòng để trống ô ẩn cuối cùng.
comment-error-too-fast = Biểu mẫu được gửi quá nhanh sau khi trang được mở. Vui lòng chờ vài giây rồi gửi lại.
comment-error-duplicate = Không thể gửi lại bình luận này. Nếu bạn đã gửi trước đó, bình luận sẽ xuất hiện sau khi người kiểm duyệt chấp thuận.
comment-error-rate-address = Có quá nhiều bình luận được gửi từ kết nối của bạn trong một giờ qua. Vui lòng thử lại sau.
comment-error-rate-article = Hiện có nhiều độc giả đang bình luận về bài viết này. Vui lòng thử lại sau một phút.
comment-error-banned = Hiện bạn không thể bình luận.
comment-error-form-expired = Biểu mẫu này đã hết hạn hoặc không được gửi từ trang web này. Nội dung bạn viết vẫn còn ở đây: vui lòng gửi lại.

terms-heading = Điều khoản sử dụng
terms-version = Phiên bản { $version }
terms-default-intro = Khi gửi bình luận, bạn đồng ý với các điều khoản này.
terms-default-body = Bình luận được viết dưới dạng văn bản thuần và được người kiểm duyệt đọc trước khi đăng. Người kiểm duyệt có thể từ chối những bình luận lạc đề, xúc phạm, mang tính spam hoặc tiết lộ thông tin cá nhân của người khác, và có thể chỉnh sửa bình luận theo các điều khoản này. Hãy tôn trọng quan điểm của người khác và bám sát sự thật. Chúng tôi không chịu trách nhiệm về nội dung các bình luận được đăng. Chúng tôi không lưu địa chỉ IP của bạn. Địa chỉ email, nếu bạn cung cấp, chỉ được dùng để báo cho bạn biết khi bình luận được đăng và sẽ bị xóa sau 30 ngày. Bạn có thể xóa bình luận của mình và tải về toàn bộ dữ liệu được lưu trữ về các bình luận đó bất cứ lúc nào tại trang “Bình luận của bạn”.

my-comments-heading = Bình luận của bạn
my-comments-intro = Đây là các bình luận được gửi từ trình duyệt này. Bạn có thể xóa bất kỳ bình luận nào và tải về toàn bộ dữ liệu được lưu trữ về các bình luận đó.
my-comments-download = Tải về dữ liệu của bạn (JSON)
my-comments-empty = Chưa có bình luận nào được gửi từ trình duyệt này.
my-comments-deleted = Bình luận đã được xóa.
my-comments-confirm-heading = Xóa bình luận này?
my-comments-confirm-text = Khi xóa, nội dung và tên của bình luận sẽ bị xóa vĩnh viễn và không thể khôi phục.
my-comments-confirm-delete = Xóa vĩnh viễn
my-comments-keep = Giữ lại
comment-delete-label = Xóa bình luận { $id }
footer-my-comments = Bình luận của bạn

notice-subject = Bình luận của bạn đã được đăng: { $headline }
notice-body =
    Xin chào { $name },

    bình luận của bạn về bài “{ $headline }” đã được người kiểm duyệt chấp thuận và đăng tải:
    { $url }

    Bạn nhận được thư này một lần vì đã để lại địa chỉ email cùng bình luận. Địa chỉ đó nay đã được xóa.


# A credit line reads e.g. "Phóng viên: A, B và C (Ban Tiếng Hàn). Biên dịch: D. Bài gốc tiếng Anh: E."
credit-reported_by = Phóng viên: { $names }
credit-translated_by = Biên dịch: { $names }
credit-written_in_english_by = Bài gốc tiếng Anh: { $names }
credit-written_by = Bài: { $names }
credit-edited_by = Biên tập: { $names }
credit-photo_by = Ảnh: { $names }
credit-for-service = { $credit } (Ban { $service })
credit-sentence = { $credit }.

list-pair = { $first } và { $second }
list-separator = {", "}

# The name of a language service in this catalog's language, by service code;
# services a catalog does not know use the name given when they were created.
service-name = { $code ->
    [english] Tiếng Anh
    [korean] Tiếng Hàn
    [mandarin] Tiếng Trung
    [uyghur] Tiếng Duy Ngô Nhĩ
    [vietnamese] Tiếng Việt
    [tibetan] Tiếng Tây Tạng
    [burmese] Tiếng Miến Điện
   *[other] { $name }
}

# A date and time. Variables: year, month (1–12), monthName, day, time (HH:MM), zone.
datetime = { $day } tháng { $month } năm { $year }, { $time } { $zone }
time-zone = { $zone ->
    [Asia-Ho_Chi_Minh] giờ Việt Nam
    [Asia-Shanghai] giờ Bắc Kinh
    [Asia-Urumqi] giờ Urumqi
    [Asia-Seoul] giờ Seoul
    [America-New_York] giờ miền Đông Hoa Kỳ
   *[other] { $abbreviation }
}
month-1 = tháng 1
month-2 = tháng 2
month-3 = tháng 3
month-4 = tháng 4
month-5 = tháng 5
month-6 = tháng 6
month-7 = tháng 7
month-8 = tháng 8
month-9 = tháng 9
month-10 = tháng 10
month-11 = tháng 11
month-12 = tháng 12

error-not-found-title = Không tìm thấy trang
error-not-found-text = Chúng tôi không tìm thấy trang bạn yêu cầu. Trang này có thể đã được chuyển đi, hoặc địa chỉ bị gõ sai.
error-bad-request-title = Không thể hiểu yêu cầu này
error-bad-request-text = Địa chỉ hoặc biểu mẫu có thông tin không hợp lệ. Vui lòng quay lại và thử lại.
error-forbidden-title = Yêu cầu này bị từ chối
error-forbidden-text = Biểu mẫu không được gửi từ trang web này hoặc đã hết hạn. Vui lòng quay lại, tải lại trang và thử lại.
error-too-large-title = Yêu cầu này quá lớn
error-too-large-text = Nội dung được gửi vượt quá dung lượng mà trang web này chấp nhận. Vui lòng rút ngắn rồi thử lại.
error-too-many-title = Quá nhiều yêu cầu
error-too-many-text = Yêu cầu này đã được gửi quá nhiều lần trong thời gian ngắn. Vui lòng chờ một lát rồi thử lại.
error-internal-title = Đã xảy ra sự cố từ phía chúng tôi
error-internal-text = Hiện chưa thể hiển thị trang này. Vui lòng thử lại sau ít phút.
error-front-page-link = Về trang chủ
error-service-home-link = Đến trang chủ Ban { $service }

footer-privacy = Trang web này không tải bất cứ nội dung nào từ các trang web khác và không theo dõi độc giả.
footer-powered = Xuất bản bằng Dateline.

## Ways to read: feeds, the lite pages, the onion address
footer-feeds = Theo dõi qua nguồn tin:
footer-lite = Phiên bản nhẹ
footer-onion = Địa chỉ onion (Tor)
lite-full-version = Phiên bản đầy đủ
lite-show-photo = Hiện ảnh
lite-comments = Bình luận và mẫu bình luận có ở phiên bản đầy đủ.

## The desk: stories taken down, corrections
error-gone-title = Bài viết này đã bị gỡ xuống
error-gone-text = Tòa soạn đã rút bài viết này. Các bình luận vẫn được lưu giữ, nhưng bài viết không còn được đăng.
story-corrections-heading = Đính chính
story-correction = Đính chính, { $date }: { $text }

## The readers' API: errors (JSON `error`, in the request's or the article's language)
api-error-no-article = Không có bài viết này.
api-error-gone = Bài viết này đã bị gỡ xuống.
api-error-bad-request = Yêu cầu không đúng định dạng.
api-error-forbidden = Yêu cầu bị từ chối.
api-error-too-large = Yêu cầu quá lớn: tối đa { $max } byte.
api-error-too-many = Quá nhiều yêu cầu. Vui lòng thử lại sau.
api-error-internal = Máy chủ gặp lỗi. Vui lòng thử lại.
api-error-no-route = Không có địa chỉ API này.
api-error-method = Địa chỉ này không nhận { $method }. Địa chỉ này nhận: { $allowed }.
api-error-media-type = Hãy gửi nội dung dưới dạng JSON, với Content-Type: application/json.
api-error-json-syntax = Nội dung không phải JSON hợp lệ (dòng { $line }, cột { $column }).
api-error-json-object = Nội dung phải là một đối tượng JSON.
api-error-json-array = Nội dung phải là một đối tượng JSON, không phải một mảng.
api-error-must-be-text = { $field } phải là một chuỗi.
api-error-must-be-number = { $field } phải là một số nguyên.
api-error-must-be-boolean = { $field } phải là true hoặc false.
api-error-page = page phải là số nguyên từ 1 đến { $max }.
api-error-id = Mã số bình luận là số nguyên từ 1 trở lên.
api-error-token = X-Commenter-Token không phải là mã người bình luận (64 chữ số thập lục phân).
api-error-token-missing = Hãy gửi mã người bình luận của bạn trong tiêu đề X-Commenter-Token.
api-error-not-yours = Bạn không có bình luận nào mang mã số này.
api-error-articles = Hãy nêu từ 1 đến { $max } bài viết dạng dịch-vụ/slug, cách nhau bằng dấu phẩy, không có khoảng trắng: articles=english/flood,korean/hongsu
api-error-timeout = Yêu cầu mất quá nhiều thời gian. Vui lòng thử lại.
comment-error-form-repeated = Biểu mẫu đã gửi “{ $field }” nhiều hơn một lần nên không có gì được lưu. Nội dung bạn viết vẫn còn ở đây: vui lòng gửi lại.
comment-error-form-multipart = Biểu mẫu được gửi theo định dạng mà trang này không nhận (multipart) nên không có gì được lưu. Vui lòng gửi lại từ trang bài viết.

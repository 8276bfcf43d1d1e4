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
pagination-page = Trang { $page }
tag-heading = Các bài viết có thẻ “{ $tag }”
tags-label = Thẻ
article-published = Đăng ngày
article-updated = Cập nhật ngày
article-file-photo = Ảnh tư liệu
article-photo-credit = Ảnh: { $credit }
article-translations = Đọc bài này bằng ngôn ngữ khác

comments-heading = Bình luận
comments-pending-feature = Bình luận của độc giả về bài viết này sẽ xuất hiện tại đây sau khi được người kiểm duyệt chấp thuận.
comments-closed = Bài viết này đã đóng bình luận.

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
error-internal-title = Đã xảy ra sự cố từ phía chúng tôi
error-internal-text = Hiện chưa thể hiển thị trang này. Vui lòng thử lại sau ít phút.
error-front-page-link = Về trang chủ
error-service-home-link = Đến trang chủ Ban { $service }

footer-privacy = Trang web này không tải bất cứ nội dung nào từ các trang web khác và không theo dõi độc giả.
footer-powered = Xuất bản bằng Dateline.

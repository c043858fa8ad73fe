"""The privacy notice every event starts with, in Vietnamese (the text that
binds) and English. Organisers edit it in their event's settings; each edit
is a new version, and every consent names the version it was given on.

It follows the Personal Data Protection Law (Luật Bảo vệ dữ liệu cá nhân
91/2025/QH15, in force since 1 January 2026): who processes the data, for
which purposes, which data, for how long, the data subject's rights and how
to withdraw consent. It is a notice, not a form: the purposes are ticked one
by one beside it.
"""

from eventapp.domain.consents import NoticeText

DEFAULT_NOTICE_VI = """\
THÔNG BÁO XỬ LÝ DỮ LIỆU CÁ NHÂN

Thông báo này được lập theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15. Kính đề nghị Ông/Bà đọc kỹ trước khi đăng ký.

1. Bên xử lý dữ liệu
Ban Tổ chức sự kiện (cơ quan, đơn vị chủ trì nêu tại trang sự kiện) là bên kiểm soát và xử lý dữ liệu cá nhân của Ông/Bà. Nhân viên Ban Tổ chức được phân công (tiếp nhận đăng ký, làm thẻ, đón khách tại cửa, xếp lịch gặp gỡ) chỉ truy cập dữ liệu cần cho việc của mình.

2. Dữ liệu được xử lý
Họ tên, chức vụ, địa chỉ e-mail, số điện thoại, tên và loại hình tổ chức, tỉnh/thành phố, mã số thuế (nếu có), sản phẩm OCOP và mô tả, gian hàng, lịch gặp gỡ, thời điểm vào cửa, các câu trả lời trong mẫu đăng ký. Chúng tôi không thu thập dữ liệu cá nhân nhạy cảm.

3. Mục đích xử lý (Ông/Bà đồng ý riêng cho từng mục đích)
a) Tổ chức sự kiện: tiếp nhận và xét duyệt đăng ký, làm thẻ tham dự, đón tiếp, xếp lịch gặp gỡ giao thương, gửi thư thông báo về sự kiện, lập báo cáo thống kê tổng hợp. Đây là mục đích bắt buộc để đăng ký.
b) Chia sẻ hồ sơ: giới thiệu tổ chức và sản phẩm của Ông/Bà với các nhà phân phối, người mua tham dự sự kiện và trong danh mục công khai các đơn vị trưng bày trên trang web.
c) Hình ảnh và báo chí: sử dụng hình ảnh, video có Ông/Bà chụp tại sự kiện trong tin bài, báo chí và ấn phẩm truyền thông.
d) Tin tức: gửi thông tin về các sự kiện, hội nghị kết nối cung cầu tiếp theo.
Ông/Bà có thể không đồng ý với các mục đích b, c, d mà vẫn được đăng ký.

4. Thời gian lưu trữ
Dữ liệu được lưu trong thời gian cần cho sự kiện và tối đa 24 tháng sau ngày kết thúc sự kiện; sau đó dữ liệu cá nhân được xoá hoặc ẩn danh. Các số liệu thống kê tổng hợp (số lượng đăng ký, lượt vào cửa, biên bản ghi nhớ) được giữ lại và không còn xác định được Ông/Bà.

5. Quyền của Ông/Bà
Ông/Bà có quyền được biết về việc xử lý dữ liệu; đồng ý hoặc không đồng ý; rút lại sự đồng ý; xem, tải về dữ liệu của mình và yêu cầu chỉnh sửa; yêu cầu xoá dữ liệu; yêu cầu hạn chế xử lý, phản đối xử lý; khiếu nại, tố cáo, khởi kiện và yêu cầu bồi thường theo quy định của pháp luật.

6. Cách rút lại sự đồng ý và thực hiện các quyền
Trên trang riêng của Ông/Bà (đường liên kết trong thư xác nhận đăng ký), Ông/Bà xem dữ liệu của mình và có thể rút lại sự đồng ý chia sẻ hồ sơ, hình ảnh hoặc nhận tin bất cứ lúc nào; việc rút lại có hiệu lực ngay. Để rút lại sự đồng ý xử lý dữ liệu cho sự kiện hoặc yêu cầu xoá dữ liệu, Ông/Bà liên hệ Ban Tổ chức theo địa chỉ nêu tại trang sự kiện. Việc rút lại sự đồng ý không ảnh hưởng đến tính hợp pháp của việc xử lý đã thực hiện trước đó.

7. Hậu quả có thể xảy ra
Dữ liệu được lưu trữ và bảo vệ bằng các biện pháp kỹ thuật và quản lý phù hợp. Nếu xảy ra sự cố lộ lọt dữ liệu, Ban Tổ chức sẽ thông báo cho Ông/Bà và cơ quan chức năng theo quy định. Dữ liệu không được bán hoặc chuyển ra nước ngoài.
"""

DEFAULT_NOTICE_EN = """\
NOTICE ON THE PROCESSING OF PERSONAL DATA

This notice follows the Personal Data Protection Law No. 91/2025/QH15. Please read it before registering; the Vietnamese text prevails.

1. Who processes your data
The event's Organising Committee (the agency or body named on the event page) controls and processes your personal data. Its staff (registration, badges, the door, the meeting schedule) see only the data their task needs.

2. The data
Full name, position, e-mail address, phone number, name and type of organisation, province or city, tax code (if given), OCOP products and their descriptions, booth, meeting schedule, time of entry, the answers on the registration form. We do not collect sensitive personal data.

3. Purposes (you consent to each one separately)
a) Running the event: receiving and approving registrations, badges, welcoming you, scheduling business meetings, e-mails about the event, aggregate statistical reports. This purpose is required to register.
b) Sharing your profile: presenting your organisation and products to the distributors and buyers at the event and in the public catalogue of exhibitors on the website.
c) Photos and press: using photos and videos of you taken at the event in news, press and publications.
d) News: information about future events and supply-demand connection conferences.
You may refuse purposes b, c and d and still register.

4. How long we keep it
Your data is kept as long as the event needs it and at most 24 months after the event ends; then the personal data is erased or anonymised. Aggregate figures (registrations, entries, memoranda of understanding) are kept and no longer identify you.

5. Your rights
You have the right to know how your data is processed; to consent or refuse; to withdraw consent; to see and download your data and have it corrected; to have it erased; to ask for processing to be restricted and to object to it; to complain, denounce, sue and claim compensation as the law provides.

6. How to withdraw consent and use your rights
On your own page (the link in your confirmation e-mail) you see your data and can withdraw consent to sharing your profile, to photos or to news at any time, with immediate effect. To withdraw consent to processing for the event, or to have your data erased, contact the Organising Committee at the address on the event page. Withdrawing consent does not affect processing lawfully done before.

7. Possible consequences
The data is stored and protected with suitable technical and organisational measures. Should it leak, the Organising Committee will tell you and the authorities as the law requires. The data is neither sold nor transferred abroad.
"""

DEFAULT_NOTICE = NoticeText(text_vi=DEFAULT_NOTICE_VI, text_en=DEFAULT_NOTICE_EN)

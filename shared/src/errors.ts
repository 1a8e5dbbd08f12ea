/** The closed set of error codes, each with a sentence a person can act on, in Vietnamese and English. */
export const ERRORS = {
  MALFORMED: { status: 400, vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request body is malformed.' },
  INVALID_FIELD: { status: 400, vi: 'Trường dữ liệu không hợp lệ.', en: 'A field is invalid.' },
  MISSING_IDEMPOTENCY_KEY: {
    status: 400,
    vi: 'Thiếu khóa chống gửi trùng (Idempotency-Key).',
    en: 'The Idempotency-Key header is required.',
  },
  UNAUTHENTICATED: {
    status: 401,
    vi: 'Chưa đăng nhập hoặc mã truy cập không hợp lệ.',
    en: 'Missing or invalid access token.',
  },
  FORBIDDEN: {
    status: 403,
    vi: 'Tài khoản không có quyền với khu vực này.',
    en: 'This account may not act on that polling area.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'Wrong username or password.',
  },
  SESSION_EXPIRED: {
    status: 401,
    vi: 'Phiên làm việc đã hết hạn; vui lòng đăng nhập lại.',
    en: 'The session has expired; please sign in again.',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    vi: 'Đăng nhập sai quá nhiều lần; vui lòng thử lại sau.',
    en: 'Too many failed sign-ins; try again later.',
  },
  RATE_LIMITED: {
    status: 429,
    vi: 'Gửi quá nhiều yêu cầu; vui lòng chậm lại.',
    en: 'Too many requests; slow down.',
  },
  CSRF_FAILED: {
    status: 403,
    vi: 'Yêu cầu thiếu mã chống giả mạo (X-CSRF-Token) hoặc đến từ trang khác.',
    en: 'Missing or wrong X-CSRF-Token, or the request came from another site.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    vi: 'Mật khẩu dùng một lần: hãy đổi mật khẩu trước khi làm việc.',
    en: 'One-time password: change it before doing anything else.',
  },
  ORIGIN_NOT_ALLOWED: { status: 403, vi: 'Nguồn kết nối không được phép.', en: 'This origin is not allowed.' },
  ROLE_FORBIDDEN: {
    status: 403,
    vi: 'Vai trò của tài khoản không được phép thực hiện thao tác này.',
    en: "This account's role may not do that.",
  },
  USERNAME_TAKEN: { status: 409, vi: 'Tên đăng nhập đã tồn tại.', en: 'This username is already taken.' },
  ACCOUNT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy tài khoản.', en: 'Unknown account.' },
  INVALID_JURISDICTION: {
    status: 400,
    vi: 'Phạm vi phụ trách không phù hợp với vai trò hoặc không tồn tại.',
    en: 'The jurisdiction does not fit the role or does not exist.',
  },
  WEAK_PASSWORD: {
    status: 400,
    vi: 'Mật khẩu phải có ít nhất 12 ký tự.',
    en: 'The password must have at least 12 characters.',
  },
  IMPORT_INVALID: {
    status: 422,
    vi: 'Tệp nhập có dòng không hợp lệ; chưa tạo tài khoản nào. Xem danh sách lỗi theo dòng.',
    en: 'The file has invalid rows; no account was created. See the errors by row.',
  },
  AREA_NOT_FOUND: { status: 404, vi: 'Không tìm thấy khu vực bỏ phiếu.', en: 'Unknown polling area.' },
  SCOPE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy đơn vị hành chính.', en: 'Unknown scope.' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  STALE_REPORT: {
    status: 409,
    vi: 'Báo cáo cũ hơn báo cáo đã nhận; số liệu mới hơn đã được ghi nhận.',
    en: 'This report is older than one already received.',
  },
  DECREASING_COUNT: {
    status: 409,
    vi: 'Số cử tri đã bỏ phiếu không thể giảm; hãy gửi yêu cầu đính chính kèm lý do.',
    en: 'The number of voters who voted cannot decrease; send a correction with a reason.',
  },
  CONFLICTING_REPORT: {
    status: 409,
    vi: 'Đã có báo cáo khác cho cùng thời điểm.',
    en: 'A different report exists for the same time.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    vi: 'Khóa chống gửi trùng đã được dùng cho một báo cáo khác.',
    en: 'This Idempotency-Key was already used for a different report.',
  },
  VOTED_EXCEEDS_REGISTERED: {
    status: 422,
    vi: 'Số cử tri đã bỏ phiếu vượt quá số cử tri trong danh sách.',
    en: 'Voters who voted exceed the voters on the list.',
  },
  OUTSIDE_VOTING_WINDOW: {
    status: 422,
    vi: 'Thời điểm báo cáo nằm ngoài thời gian bỏ phiếu của khu vực (05:00–21:00 ngày bầu cử).',
    en: "The report's time is outside the area's voting window (05:00–21:00 on its voting date).",
  },
  REPORT_IN_FUTURE: { status: 422, vi: 'Thời điểm báo cáo ở tương lai.', en: "The report's time is in the future." },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    vi: 'Dữ liệu gửi lên quá lớn (tối đa 64 KB).',
    en: 'The body is too large (64 KB at most).',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, vi: 'Chỉ nhận dữ liệu JSON.', en: 'Only JSON bodies are accepted.' },
  PERSISTENCE_OFF: {
    status: 503,
    vi: 'Máy chủ chưa bật lưu bền dữ liệu; tạm ngừng nhận báo cáo.',
    en: 'Durable persistence is off; reports are not accepted.',
  },
  STORE_UNAVAILABLE: {
    status: 503,
    vi: 'Kho dữ liệu tạm thời không truy cập được; vui lòng thử lại.',
    en: 'The data store is temporarily unavailable; please retry.',
  },
  OVERLOADED: {
    status: 503,
    vi: 'Máy chủ đang quá tải; báo cáo chưa được ghi, vui lòng gửi lại sau ít giây.',
    en: 'The server is overloaded; the report was not recorded, please resend in a few seconds.',
  },
  INTERNAL: { status: 500, vi: 'Lỗi hệ thống.', en: 'Internal error.' },
  // Elections and reference data (issue 9).
  ELECTION_EXISTS: { status: 409, vi: 'Mã cuộc bầu cử đã tồn tại.', en: 'An election with this id already exists.' },
  ELECTION_NOT_FOUND: { status: 404, vi: 'Không tìm thấy cuộc bầu cử.', en: 'Unknown election.' },
  STATUS_TRANSITION: {
    status: 409,
    vi: 'Chỉ chuyển trạng thái lần lượt: chuẩn bị → khóa dữ liệu → bỏ phiếu → kết thúc.',
    en: 'Status moves one step at a time: draft → locked → voting → closed.',
  },
  REFERENCE_LOCKED: {
    status: 409,
    vi: 'Dữ liệu của cuộc bầu cử đã khóa: không nhập lại được; sửa từng mục kèm lý do.',
    en: "The election's reference data is locked: no re-import; edit items one by one with a reason.",
  },
  REASON_REQUIRED: {
    status: 422,
    vi: 'Dữ liệu đã khóa: cần ghi lý do thay đổi.',
    en: 'Reference data is locked: a reason for the change is required.',
  },
  REFERENCE_INVALID: {
    status: 422,
    vi: 'Tệp nhập có lỗi; chưa thay đổi gì. Xem danh sách lỗi theo sheet, dòng và cột.',
    en: 'The file has errors; nothing was changed. See the errors by sheet, row and column.',
  },
  REFERENCE_HAS_REPORTS: {
    status: 409,
    vi: 'Cuộc bầu cử đã có báo cáo: đặt lại (diễn tập) trước khi nhập lại dữ liệu.',
    en: 'The election already has reports: reset it (drills) before re-importing.',
  },
  NOT_A_DRILL: {
    status: 409,
    vi: 'Chỉ cuộc diễn tập mới được đặt lại hoặc xóa.',
    en: 'Only a drill can be reset or deleted.',
  },
  LIVE_ELECTION: {
    status: 409,
    vi: 'Không xóa được cuộc bầu cử đang được máy chủ theo dõi mặc định.',
    en: "The server's default live election cannot be deleted.",
  },
  PARENT_NOT_CLOSED: {
    status: 409,
    vi: 'Chỉ tạo bầu cử lại, bầu cử thêm từ một cuộc bầu cử đã kết thúc (§2.8).',
    en: 'Re-votes and additional votes are created from a finished election only (§2.8).',
  },
  REPEAT_DATE: {
    status: 422,
    vi: 'Bầu cử lại, bầu cử thêm phải trong vòng 15 ngày sau ngày bầu cử đầu tiên (§2.8).',
    en: 'A re-vote or additional vote is held within 15 days after the first vote (§2.8).',
  },
  UNIT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy đơn vị bầu cử.', en: 'Unknown electoral unit.' },
  CANDIDATE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy người ứng cử.', en: 'Unknown candidate.' },
  ALREADY_WITHDRAWN: { status: 409, vi: 'Người ứng cử đã rút tên.', en: 'The candidate has already withdrawn.' },
  UNSUPPORTED_FILE: {
    status: 415,
    vi: 'Chỉ nhận tệp XLSX, CSV, hoặc ảnh JPEG/PNG (tối đa 2 MB) tùy chức năng.',
    en: 'Only XLSX or CSV files, or JPEG/PNG photos (2 MB at most), depending on the feature.',
  },
  INCIDENT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy sự việc.', en: 'Unknown incident.' },
  INVALID_TRANSITION: {
    status: 409,
    vi: 'Không thể chuyển sự việc sang trạng thái này từ trạng thái hiện tại.',
    en: 'The incident cannot move to that state from its current state.',
  },
  INCIDENT_CHANGED: {
    status: 409,
    vi: 'Sự việc vừa được người khác cập nhật; hãy xem lại rồi thao tác tiếp.',
    en: 'Someone else changed the incident meanwhile; review it and try again.',
  },
  ALREADY_CLAIMED: {
    status: 409,
    vi: 'Sự việc đang do người khác phụ trách.',
    en: 'Someone else is already on this incident.',
  },
  PHOTO_TOO_LARGE: {
    status: 413,
    vi: 'Ảnh quá lớn (tối đa 5 MB mỗi ảnh).',
    en: 'A photo is too large (5 MB each at most).',
  },
  PHOTO_TYPE: {
    status: 415,
    vi: 'Chỉ nhận ảnh JPEG, PNG hoặc WebP.',
    en: 'Only JPEG, PNG or WebP photos are accepted.',
  },
  // Counting records (§2.6–2.7): each broken identity has its own sentence, so the team knows what to recount.
  CANDIDATES_MISMATCH: {
    status: 422,
    vi: 'Danh sách người ứng cử trong biên bản không đúng với đơn vị bầu cử (thiếu, thừa hoặc trùng tên).',
    en: "The record's candidates are not exactly the unit's candidates (missing, extra or repeated).",
  },
  VOTED_EXCEEDS_VOTERS: {
    status: 422,
    vi: 'Số cử tri đã tham gia bỏ phiếu lớn hơn tổng số cử tri.',
    en: 'Voters who voted exceed the total number of voters.',
  },
  ISSUED_EXCEEDS_VOTERS: {
    status: 422,
    vi: 'Số phiếu phát ra lớn hơn tổng số cử tri của cuộc bầu cử này.',
    en: 'Ballots issued exceed the voters of this contest.',
  },
  RECEIVED_EXCEEDS_ISSUED: {
    status: 422,
    vi: 'Số phiếu thu vào lớn hơn số phiếu phát ra.',
    en: 'Ballots received exceed ballots issued.',
  },
  BALLOTS_SPLIT_MISMATCH: {
    status: 422,
    vi: 'Số phiếu hợp lệ cộng số phiếu không hợp lệ phải bằng số phiếu thu vào.',
    en: 'Valid plus invalid ballots must equal ballots received.',
  },
  CANDIDATE_EXCEEDS_VALID: {
    status: 422,
    vi: 'Số phiếu bầu cho một người ứng cử lớn hơn số phiếu hợp lệ.',
    en: "A candidate's votes exceed the valid ballots.",
  },
  VOTES_EXCEED_VALID_SEATS: {
    status: 422,
    vi: 'Tổng số phiếu bầu cho các người ứng cử lớn hơn số phiếu hợp lệ nhân số đại biểu được bầu.',
    en: 'Total votes exceed valid ballots times the seats of the unit.',
  },
  GROUPS_MISMATCH: {
    status: 422,
    vi: 'Số phiếu theo nhóm (giữ 1, 2, 3… tên) không khớp với số phiếu hợp lệ hoặc tổng số phiếu bầu.',
    en: 'The ballots grouped by names kept do not add up to the valid ballots or the total votes.',
  },
  COMPLAINTS_MISMATCH: {
    status: 422,
    vi: 'Số khiếu nại đã giải quyết và đã chuyển lên lớn hơn số khiếu nại nhận được.',
    en: 'Complaints resolved plus forwarded exceed complaints received.',
  },
  POLLS_NOT_CLOSED: {
    status: 409,
    vi: 'Khu vực bỏ phiếu chưa kết thúc bỏ phiếu; chưa được kiểm phiếu.',
    en: 'Voting has not ended in this polling area; counting cannot start yet.',
  },
  RECORD_EXISTS: {
    status: 409,
    vi: 'Biên bản đã được gửi; muốn sửa, hãy gửi bản đính chính kèm lý do và số phiên bản.',
    en: 'The record was already sent; send a correction with a reason and the version it replaces.',
  },
  VERSION_CONFLICT: {
    status: 409,
    vi: 'Biên bản đã có phiên bản mới hơn; hãy tải lại và xem trước khi thao tác.',
    en: 'The record has a newer version; reload and review it first.',
  },
  RECORD_CONFIRMED: {
    status: 409,
    vi: 'Ban bầu cử đã xác nhận biên bản; chỉ sửa được sau khi Ban bầu cử trả lại.',
    en: 'The Election Board confirmed this record; it can change only after the board returns it.',
  },
  RECORD_NOT_SUBMITTED: {
    status: 409,
    vi: 'Biên bản chưa được gửi hoặc không ở trạng thái chờ xác nhận.',
    en: 'The record has not been submitted or is not awaiting a decision.',
  },
  COUNTING_ALREADY_SUBMITTED: {
    status: 409,
    vi: 'Biên bản kiểm phiếu đã được gửi.',
    en: 'The counting record was already submitted.',
  },
  POLLS_CLOSED: {
    status: 422,
    vi: 'Khu vực bỏ phiếu đã kết thúc bỏ phiếu; không thể thay đổi danh sách cử tri.',
    en: "The polling area's polls have closed; its voter list can no longer change.",
  },
  CHANGE_IN_FUTURE: {
    status: 422,
    vi: 'Thời điểm có hiệu lực của thay đổi ở tương lai.',
    en: "The change's effective time is in the future.",
  },
  REGISTERED_BELOW_VOTED: {
    status: 409,
    vi: 'Thay đổi làm số cử tri trong danh sách ít hơn số cử tri đã bỏ phiếu.',
    en: 'The change would leave fewer voters on the list than have already voted.',
  },
  CONTEST_EXCEEDS_LIST: {
    status: 422,
    vi: 'Số cử tri của một cuộc bầu cử không được âm hoặc vượt tổng số cử tri trong danh sách.',
    en: "A contest's voters cannot be negative or exceed the voters on the list.",
  },
  CHANGE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy thay đổi danh sách cử tri.', en: 'Unknown voter-list change.' },
  ALREADY_REVERTED: {
    status: 409,
    vi: 'Thay đổi này đã được hủy hoặc là một lần hủy.',
    en: 'This change was already reverted, or is itself a revert.',
  },
  NOT_REVERTIBLE: {
    status: 409,
    vi: 'Điều chỉnh số cử tri trong dữ liệu khu vực bỏ phiếu không hủy ở đây: hãy sửa lại khu vực bỏ phiếu.',
    en: "A correction made in the polling area's reference data is not reverted here: edit the area again.",
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    vi: 'Trang tra cứu công khai chỉ cho phép đọc.',
    en: 'The public lookup is read-only.',
  },
  FEED_TRIMMED: {
    status: 410,
    vi: 'Nhật ký kết quả không còn giữ các thay đổi cũ đến vậy; hãy tải toàn bộ kết quả (/api/v1/results/export) rồi đọc tiếp từ số "latest".',
    en: 'The results feed no longer keeps changes that old; take the full results (/api/v1/results/export), then follow the feed from "latest".',
  },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ApiError {
  code: ErrorCode;
  /** "Vietnamese sentence / English sentence", so one field serves both audiences. */
  message: string;
  field?: string;
  detail?: Record<string, unknown>;
}

export function apiError(code: ErrorCode, field?: string, detail?: Record<string, unknown>): ApiError {
  const e = ERRORS[code];
  const err: ApiError = { code, message: `${e.vi} / ${e.en}` };
  if (field !== undefined) err.field = field;
  if (detail !== undefined) err.detail = detail;
  return err;
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERRORS, code);
}

## Layout
site-name = 支援連絡人
skip-to-content = 跳至主要內容
nav-main = 主要
nav-dashboard = 儀表板
nav-customers = 客戶
nav-admin = 系統管理
nav-support = 支援
nav-menu = 選單
nav-account = 您的帳戶
nav-breadcrumb = 頁面路徑
sign-out = 登出
language-switch = 語言
flash-subscription-added = 已新增訂用帳戶「{ $name }」。其指定的支援連絡人顯示於下方。
flash-contact-unchanged = 未做任何變更：{ $name } 已經是指定的支援連絡人。

## Shared words
yes = 是
no = 否
none = 無
unknown = 不明
optional = （選填）
tag-provider = 提供者
status-active = 使用中
status-suspended = 已暫停
status-deleted = 已刪除
partner-with-mpn = { $name }（MPN { $mpn }）
tenant-id = 租用戶識別碼

## Contact details
contact-name = 名稱
contact-mpn = MPN 識別碼
contact-email = 電子郵件
contact-telephone = 電話
contact-website = 網站

## Table columns
col-when = 時間
col-who = 執行者
col-change = 變更
col-company = 公司
col-domain = 網域
col-country = 國家/地區
col-delegated-admin = 委派的系統管理權限
col-your-subscriptions = 您的訂用帳戶
col-subscription = 訂用帳戶
col-offer = 產品
col-quantity = 數量
col-status = 狀態
col-reseller-of-record = 登記轉銷商
col-support-contact = 指定的支援連絡人
col-bought-from = 購自

## Audit entries
change-support-contact = 指定的支援連絡人：{ $from } → { $to }
change-subscription-created = 已新增訂用帳戶，由 { $to } 提供支援

## Errors
error-not-found-title = 找不到頁面
error-not-found-text = 這裡沒有內容，或您無權檢視。請檢查網址，或回到您的首頁。
error-forbidden-title = 不允許
error-forbidden-text = 您的帳戶無法開啟此頁面或進行此變更。如有需要，請洽詢貴組織的系統管理員。
error-csrf-title = 此表單已過期
error-csrf-text = 為了您的安全，無法接受此表單：它是在先前的工作階段中開啟，或來自其他網站。未做任何變更。請返回、重新載入頁面後再試一次。
error-bad-request-title = 無法理解要求
error-bad-request-text = 要求格式不正確，未做任何變更。
error-method-title = 無法以此方式使用
error-method-text = 此網址不接受這種要求。未做任何變更。
error-too-large-title = 資料過多
error-too-large-text = 表單傳送的資料超過此頁面可接受的上限。未做任何變更。
error-conflict-title = 已被他人變更
error-conflict-text = 在您處理期間有人變更了此項目，因此您的變更未儲存。請返回並重新載入頁面以查看目前的狀態。
error-unavailable-title = 系統忙碌，請再試一次
error-unavailable-text = 服務目前忙碌中。沒有遺失任何資料：請於幾秒後再試一次。
error-internal-title = 發生錯誤
error-internal-text = 已記錄此錯誤。請再試一次；若問題持續發生，請連絡您的系統管理員。
error-home-link = 回到您的首頁

## Sign in
login-title = 登入
login-failed = 此電子郵件與密碼不符合任何帳戶。請檢查兩者後再試一次。
login-email = 電子郵件
login-password = 密碼
login-blocked = 此帳戶從您的網路登入失敗次數過多。在 { $until } 之前無法登入；其他帳戶及其他網路不受影響。
login-address-blocked = 您的網路登入失敗次數過多。在 { $until } 之前無法從此網路登入；其他網路不受影響。
login-busy = 您的網路同時進行的登入過多。請稍候再試。
login-submit = 登入

## Partner dashboard
dashboard-title = 儀表板
stat-customers = 位客戶
stat-subscriptions = 個由您交易的訂用帳戶
stat-supported-by-resellers = 個由轉銷商提供支援
stat-resellers = 個授權的轉銷商
dashboard-recent = 最近的變更
dashboard-no-changes = 尚無變更。開啟一位客戶，再開啟一個訂用帳戶，即可選擇其指定的支援連絡人。

## Customers
customers-title = 客戶
customers-search-label = 依公司名稱或網域搜尋
customers-search = 搜尋
customers-clear = 清除
customers-none = 您還沒有客戶。
customers-no-match = 沒有符合「{ $search }」的客戶。
customers-showing = 顯示第 { $first }–{ $last } 筆，共 { $total } 筆。
customers-showing-matching = 顯示第 { $first }–{ $last } 筆，共 { $total } 筆符合「{ $search }」。
customers-showing-span = 顯示 { $count } 筆，共 { $total } 筆：「{ $from }」至「{ $to }」。
customers-looked-through = 在您從「{ $from }」至「{ $to }」的客戶中，顯示 { $count } 筆符合「{ $search }」的客戶。
customers-looked-through-none = 您從「{ $from }」至「{ $to }」的客戶中，沒有符合「{ $search }」的客戶。
customers-filter-label = 尋找客戶
customers-filter-access = 委派的系統管理權限
customers-access-any = 所有客戶
customers-access-with = 有委派的系統管理權限
customers-access-without = 沒有委派的系統管理權限
customers-sort = 排序
customers-sort-name = 公司，A 到 Z
customers-sort-name-desc = 公司，Z 到 A
customers-none-filtered = 您沒有符合此篩選條件的客戶。
customers-unknown-filter = 此網址要求的篩選或排序方式不存在於此頁面；改為顯示所有客戶，依 A 到 Z 排列。
pager-label = 分頁
pager-first = 第一頁
pager-previous = 上一頁
pager-next = 下一頁

## One customer
subscriptions-title = 訂用帳戶
customer-no-subscriptions = 此客戶沒有屬於您的訂用帳戶。
add-title = 新增訂用帳戶
add-intro = 新的訂用帳戶一開始由您為此客戶設定的預設支援連絡人擔任（未另行選擇時為您，也就是其提供者）。
add-failed = 未新增訂用帳戶。請更正下方標示的欄位。
add-offer-name = 產品名稱
add-offer-name-required = 請輸入產品名稱，例如 Microsoft 365 E3。
add-too-long = 最多 200 個字元。
add-friendly-name = 易記名稱
add-friendly-name-hint = （選填；留空則使用產品名稱）
add-quantity = 數量
add-quantity-not-a-number = 請輸入授權數量的整數。
add-quantity-out-of-range = 請輸入 1 到 1,000,000 之間的數字。
add-reseller = 登記轉銷商
add-reseller-invalid = 這不是您目前的轉銷商。請提供轉銷商的 MPN ID，若無，請留空。
add-reseller-hint = 您其中一個轉銷商的 MPN ID；輸入時會列出與此客戶合作的轉銷商。若無，請留空。
add-submit = 新增訂用帳戶

## One subscription
fact-offer = 產品
fact-subscription-id = 訂用帳戶識別碼
fact-quantity = 數量
fact-status = 狀態
fact-created = 建立時間
fact-provider = 提供者
fact-reseller-of-record = 登記轉銷商
contact-title = 指定的支援連絡人
contact-intro = 客戶會看到此合作夥伴針對此訂用帳戶的支援資訊。
assign-error-missing = 請從清單中選擇指定的支援連絡人。
assign-error-malformed = 此選項不是清單中的合作夥伴。請選擇顯示的其中一個選項。
assign-error-not-eligible = 此合作夥伴無法擔任此訂用帳戶的指定支援連絡人：只有您，以及對 { $customer } 具有委派系統管理權限的轉銷商可以。未做任何變更。
assign-error-stale-form = 表單已過期，已重新載入；請再選擇一次。
assign-error-conflict = 在您選擇期間，有人變更了此訂用帳戶。指定的支援連絡人現在是 { $name }。您的選擇未儲存：若仍正確，請再選擇一次。
assign-error-conflict-by = 在您選擇期間，有人變更了此訂用帳戶。指定的支援連絡人現在是 { $name }，由 { $actor } 於 { $when } 設定。您的選擇未儲存：若仍正確，請再選擇一次。
assign-error-other = 無法儲存變更。
option-provider-you = { $name }（您，提供者）
assign-submit = 儲存
not-eligible-title = 未列在清單中的轉銷商
not-eligible-unrelated-more = 另有 { $count } 個未列於此；所有轉銷商請見
not-eligible-unrelated = 另有 { $count } 個轉銷商與 { $customer } 沒有合作關係
what-to-do = 處理方式：
reason-not-authorized = 未授權於您之下。其對 { $provider } 擔任間接提供者的授權已終止。
todo-not-authorized = 請 { $reseller } 再次授權您擔任其間接提供者。
reason-no-relationship = 與 { $customer } 沒有轉銷商關係。
todo-no-relationship = 請 { $reseller } 傳送包含委派系統管理權限的轉銷商關係要求給 { $customer }；客戶的系統管理員接受後，{ $reseller } 就會出現在清單中。
reason-no-delegated-admin = 其與 { $customer } 的關係沒有委派存取權：既沒有委派的系統管理權限，也沒有有效的精細委派系統管理權限（GDAP）關係。
todo-no-delegated-admin = 請 { $reseller } 從其 GDAP 頁面向 { $customer } 要求 GDAP 關係；客戶系統管理員核准後，{ $reseller } 就會出現在清單中。
reason-gdap-pending = 其向 { $customer } 提出的 GDAP 關係要求正等待客戶核准。
todo-gdap-pending = 請 { $customer } 的客戶系統管理員透過 { $reseller } 傳送的連結核准；核准後，{ $reseller } 就會出現在清單中。
reason-gdap-without-role = 其與 { $customer } 的有效 GDAP 關係不包含您要求的任何角色。
todo-gdap-without-role = 請 { $reseller } 向 { $customer } 要求包含其中一個角色的 GDAP 關係，或在您的 GDAP 頁面變更要求的角色。
reason-gdap-ended = 其與 { $customer } 的 GDAP 關係已於 { $when } 結束。
todo-gdap-ended = 請 { $reseller } 向 { $customer } 要求新的 GDAP 關係；可沿用舊關係的角色。
read-only = 您可以檢視此訂用帳戶，但無法變更其指定的支援連絡人：只有其提供者 { $provider } 及其系統管理代理人可以。
history-title = 歷程記錄
history-empty = 沒有記錄的變更。

## Review
review-title = 檢閱變更
review-crumb = 檢閱
review-done = { $actor } 已於 { $when } 變更 { $customer } 的 { $subscription } 指定支援連絡人。
review-changed-since = 此後又已變更。
review-check = 請確認變更正確。
review-previous = 先前的連絡人
review-new = 新的連絡人
review-close = 關閉
review-change-again = 再次變更

## Customer admin
admin-title = 系統管理
admin-tile-support = 支援
admin-tile-support-text = 每個訂用帳戶該向誰求助，以及如何連絡他們。
support-title = 支援
support-intro = 如需訂用帳戶的協助，請連絡下方列出的指定支援連絡人。
support-empty = 您沒有使用中的訂用帳戶。

## Users
nav-users = 使用者
users-title = 使用者
users-role = 角色
users-you = 您
users-enabled = 已啟用
users-disabled = 已停用
users-add = 新增使用者
users-add-intro = 新使用者會收到一個設定密碼的一次性連結，連結會顯示給您轉寄給對方，有效期限為 72 小時。
users-add-submit = 新增使用者
users-change-role = 變更角色
users-enable = 啟用
users-disable = 停用
users-new-link = 新的密碼連結
users-disable-note = 停用使用者、變更其角色或提供新密碼，都會立即結束其工作階段。
role-admin-agent = 系統管理代理人
role-helpdesk-agent = 技術支援代理人
role-customer-admin = 客戶系統管理員
flash-user-invited = 已新增使用者。請將此一次性連結傳送給對方以設定密碼；有效期限為 72 小時：
flash-link-issued = 已建立新連結，先前的連結已失效。請傳送給使用者；有效期限為 72 小時：
flash-link-label = 一次性連結
flash-user-updated = 已更新 { $name }。
flash-password-changed = 已變更您的密碼。您的其他工作階段已結束。
flash-password-set = 已設定您的密碼。請以 { $email } 登入。
account-error-email-taken = 已有使用者使用此電子郵件。
account-error-bad-email = 請輸入有效的電子郵件地址。
account-error-bad-name = 請輸入 1 到 200 個字元的名稱。
account-error-bad-role = 請選擇列出的其中一個角色。
account-error-last-admin = 這會使貴組織沒有任何已啟用的系統管理員。請先將其他人設為系統管理員。
account-error-other = 無法進行此變更。
password-rules = 請使用至少 12 個字元（最多 256 個）。長的通關片語最好；常見的密碼會被拒絕。
password-too-short = 密碼至少需要 12 個字元。
password-too-long = 密碼最多 256 個字元。
password-common = 此密碼太常見，請選擇其他密碼。
password-contains-email = 密碼與電子郵件地址太相近。
password-mismatch = 兩次輸入的新密碼不同。
password-wrong-current = 目前的密碼錯誤。
account-password-title = 變更您的密碼
account-current-password = 目前的密碼
account-new-password = 新密碼
account-confirm-password = 再次輸入新密碼
account-password-submit = 變更密碼
set-password-title = 設定您的密碼
set-password-for = 為 { $email } 選擇密碼。
set-password-submit = 設定密碼
set-password-invalid = 此連結已使用、已過期，或已被較新的連結取代。請向貴組織的系統管理員索取新連結。

## Relationships
nav-partners = 合作夥伴
admin-tile-partners-text = 與您合作的合作夥伴、其系統管理權限，以及如何終止。
admin-tile-users-text = 貴組織中可以在此登入的人員。
partners-title = 合作夥伴
partners-intro = 與貴組織合作的合作夥伴。移除合作夥伴的系統管理權限或刪除合作夥伴前，會先顯示將有哪些變更，並在您確認後立即生效。
partners-none = 您沒有合作的合作夥伴。
partners-role = 角色
partners-role-provider = 提供者
partners-role-reseller = 轉銷商
partners-since = 開始時間
partners-remove-dap = 移除系統管理權限
partners-delete = 刪除合作夥伴
partners-consequence = 由失去系統管理權限或被刪除的合作夥伴提供支援的訂用帳戶，會改回由其提供者提供支援。
partners-delete-refused = { $name } 仍有與您相關的使用中訂用帳戶。刪除前，請要求其先暫停這些訂用帳戶：
flash-partner-dap-removed = { $name } 已不再具有系統管理權限。
flash-partner-removed = 已從您的合作夥伴中移除 { $name }。
flash-relationship-removed = 您與 { $name } 的關係已終止。
flash-reseller-relationship-removed = { $name } 與此客戶的關係已終止。
flash-contacts-reverted = { $count ->
    [0] 沒有訂用帳戶變更支援連絡人。
   *[other] 有 { $count } 個訂用帳戶改回由其提供者提供支援。
}
flash-subscription-suspended = 已暫停 { $name }。
flash-subscription-reactivated = 已重新啟用 { $name }。
relationship-title = 關係
relationship-with-dap = 您是此客戶的合作夥伴，具有委派的系統管理權限。
relationship-without-dap = 您是此客戶的合作夥伴，沒有委派的系統管理權限。
relationship-reseller-cannot-remove = 轉銷商無法自行終止關係：客戶或您的提供者可以。
relationship-remove = 終止關係
relationship-remove-blocked = 您目前還不能結束此關係：您在此銷售的 { $count } 個訂用帳戶仍在使用中。請先暫停它們。
relationship-refused-active = 關係未終止：這些訂用帳戶仍在使用中。請先暫停它們。
relationship-resellers-title = 與此客戶合作的轉銷商
relationship-remove-for-reseller = 代表轉銷商終止
subscription-reactivate = 重新啟用
change-support-contact-reverted = 指定的支援連絡人改回提供者：{ $from } → { $to }
change-subscription-suspended = 已暫停訂用帳戶
change-subscription-reactivated = 已重新啟用訂用帳戶
support-suspended = 已暫停
relationship-reseller-with-dap = 具有委派的系統管理權限
relationship-reseller-without-dap = 沒有委派的系統管理權限

## Relationship requests
nav-requests = 要求
requests-title = 關係要求
requests-intro = 客戶透過您傳送的連結接受您成為其合作夥伴。若要符合指定支援連絡人的資格，請要求委派的系統管理權限。
requests-new = 新要求
requests-create = 建立連結
requests-none = 您尚未建立任何要求。
request-domain = 客戶的網域
request-via = 透過提供者
request-include-dap = 包含舊版委派的系統管理權限（僅限您自己）
request-dap-hint = 轉銷商已無法再取得舊版委派的系統管理權限：客戶接受後，轉銷商可從客戶頁面要求 GDAP 關係。
request-gdap-after = 委派的系統管理權限現在來自 GDAP 關係：客戶接受此要求後，請從客戶頁面要求一個 GDAP 關係，並選擇您需要的角色。
request-sent = 傳送時間
request-expires = 連結到期
request-state-pending = 待處理
request-state-accepted = 已接受
request-state-declined = 已拒絕
request-state-revoked = 已撤銷
request-state-expired = 已過期
request-error-company-missing = 請輸入客戶的公司名稱。
request-error-company-too-long = 公司名稱最多 200 個字元。
request-error-domain = 請輸入客戶的網域，例如 wideworldimporters.onmicrosoft.com。
request-error-provider = 請選擇您合作的其中一個提供者。
request-error-send-to = 請輸入要寄送連結的電子郵件地址，或留空以自行複製連結。
request-send-to = 以電子郵件將連結寄至（選填）
request-send-to-hint = 此地址的客戶系統管理員會收到含有連結的電子郵件，並以其語言撰寫。無論如何，連結都只會在下一頁顯示一次。
request-error-legacy-dap = 轉銷商已無法再取得舊版委派的系統管理權限。請在不包含此權限的情況下提出要求；客戶接受後，再從客戶頁面要求 GDAP 關係。
request-send-title = 將此傳送給客戶
request-send-intro = 此連結只能使用一次，有效期限為 30 天。連結只會在此時顯示：若遺失，請建立新連結。
request-link = 連結
request-email-label = 可複製的電子郵件內容
request-email-text = 您好：

    { $partner } 希望成為 { $company } 的合作夥伴。
    { $company } 的全域系統管理員可透過此連結接受或拒絕：

    { $link }

    此連結只能使用一次，並於 30 天後到期。
request-email-text-dap = 您好：

    { $partner } 希望成為 { $company } 的合作夥伴，並取得委派的系統管理權限，以便為您的訂用帳戶提供支援。
    { $company } 的全域系統管理員可透過此連結接受或拒絕：

    { $link }

    此連結只能使用一次，並於 30 天後到期。
request-new-link = 新連結
request-revoke = 撤銷
flash-request-revoked = 已撤銷要求；其連結已失效。
flash-request-closed = 此要求已不是待處理狀態。
accept-title = 合作夥伴要求
accept-partner = 合作夥伴
accept-for = 對象
accept-dap-asked = 已要求
accept-dap-not-asked = 未要求
accept-expired = 此要求已過期。請向合作夥伴索取新連結。
accept-revoked = 合作夥伴已撤銷此要求。
accept-used = 此要求已經回覆過。
accept-wrong-account = 此要求的對象是 { $domain }。請以該組織的全域系統管理員身分登入以回覆。
accept-sign-in = 請以 { $company } 的全域系統管理員身分登入以回覆此要求。
accept-explain = 接受後，{ $partner } 會成為您的合作夥伴之一。
accept-explain-dap = 接受後，{ $partner } 會成為您的合作夥伴之一，並取得貴組織的委派系統管理權限；之後它可以擔任您訂用帳戶的指定支援連絡人。您可以隨時移除這些權限。
accept-accept = 接受
accept-decline = 拒絕
accept-create-intro = 這裡尚無組織使用 { $domain }。建立組織並以您為第一位系統管理員，同時接受此要求。
accept-country = 國家/地區（兩個字母）
accept-admin-name = 您的姓名
accept-admin-email = 您的電子郵件
accept-create-submit = 建立並接受
accept-domain-taken = 已有組織使用此網域：請以其系統管理員身分登入。
accept-country-invalid = 請輸入兩個字母的國家/地區代碼，例如 US 或 TW。
flash-request-accepted = 已接受要求：合作夥伴列於下方。
flash-request-declined = 已拒絕要求。
flash-organization-created = 已建立您的組織並接受要求。您已以其系統管理員身分登入。
support-vendor-intro = 直接向 { $vendor } 購買，而非透過合作夥伴：由 { $vendor } 自行提供支援。
reason-request-pending = 要求待處理：{ $reseller } 已於 { $when } 傳送要求給客戶；客戶的系統管理員接受後，就會出現在這裡。
reason-request-expired = 要求已過期：{ $reseller } 的要求已於 { $when } 過期；{ $reseller } 可以在其「要求」頁面建立新連結。
partners-pending = 待處理的要求
partners-pending-dap = 要求委派的系統管理權限
partners-pending-no-dap = 不含委派的系統管理權限
request-on-behalf = 代表
request-for-yourself = 您自己
request-from = 要求者
reason-make-request = 代表它建立要求
reason-see-request = 查看要求
reason-resend-request = 以新連結重新傳送

## Resellers (provider) and providers (reseller)
nav-resellers = 轉銷商
resellers-title = 您的轉銷商
resellers-intro = 已授權您作為其間接提供者的轉銷商。只有這些轉銷商，且只有在客戶已授予其委派的系統管理員權限時，才能被指定為您客戶訂用帳戶的支援連絡人。
resellers-empty = 目前還沒有轉銷商授權您。
resellers-filter-label = 依授權篩選
resellers-filter-state = 授權
resellers-state-any = 目前及已結束
resellers-state-active = 僅目前
resellers-state-ended = 僅已結束
resellers-filter-submit = 顯示
resellers-none-in-state = 沒有處於此狀態的授權。
resellers-unknown-state = 此網址要求的授權狀態不存在於此頁面；改為顯示目前及已結束的授權。
providers-title = 您的提供者
providers-intro = 您已授權的間接提供者。這些提供者的客戶訂用帳戶可以指定您為支援連絡人。
providers-empty = 您尚未授權任何提供者。
col-reseller = 轉銷商
col-provider = 提供者
col-mpn = MPN 識別碼
col-authorization = 授權
col-supports = 擔任支援連絡人
authorization-active-since = 自 { $when } 起生效
authorization-ended-at = 已於 { $when } 結束
supports-subscriptions = { $count ->
    [0] 沒有訂用帳戶
   *[other] { $count } 個訂用帳戶
}
reseller-supports-title = 此轉銷商為您支援的訂用帳戶
reseller-supports-none = 此轉銷商不是您任何訂用帳戶的指定支援連絡人。
reseller-end-title = 結束此授權
reseller-end-explain = { $reseller } 將不再是您的轉銷商，也無法被選為您客戶的支援連絡人。
reseller-end-consequence = { $count ->
    [0] 沒有訂用帳戶會變更支援連絡人。
   *[other] 此轉銷商為您支援的 { $count } 個訂用帳戶會立即改回由您提供支援，每項變更都會記錄在其歷程中。
}
reseller-end-submit = 結束 { $reseller } 的授權
flash-authorization-ended = { $name } 的授權已結束。

## Confirming a partner's removal
confirm-dap-title = 要移除 { $name } 的系統管理權限嗎？
confirm-delete-title = 要刪除合作夥伴 { $name } 嗎？
confirm-dap-explain = { $name } 仍與您的組織保持合作關係，但將無法再管理您的組織，也無法再擔任您訂用帳戶的指定支援連絡人。
confirm-delete-explain = { $name } 將不再是您的合作夥伴：無法再檢視或管理您的組織，也無法為您的訂用帳戶提供支援。
confirm-affected-title = 您的訂用帳戶會有哪些變更
confirm-affected-none = 沒有任何訂用帳戶以 { $name } 為指定支援連絡人：不會有任何變更。
confirm-affected = 有 { $count } 個訂用帳戶以 { $name } 為指定支援連絡人，這些訂用帳戶會立即改回由其提供者提供支援：
confirm-cancel = 取消
confirm-back = 返回合作夥伴

## Confirming the end of a relationship (partner side)
confirm-end-own-title = 要結束您與 { $customer } 的合作關係嗎？
confirm-end-own-explain = 您將不再是 { $customer } 的合作夥伴：您將無法再於此處看到其訂用帳戶，也無法管理該組織。
confirm-end-reseller-title = 要結束 { $reseller } 與 { $customer } 的合作關係嗎？
confirm-end-reseller-explain = 您將代表 { $reseller } 結束其與 { $customer } 的合作關係：該轉銷商將無法再管理此客戶，也無法為其訂用帳戶提供支援。
confirm-end-reseller-shared = { $reseller } 也透過其他提供者與 { $customer } 合作，因此是否結束此關係由 { $customer } 決定：{ $customer } 的全域管理員可在其「合作夥伴」頁面移除 { $reseller }。未做任何變更。
confirm-end-reseller-shared-take-back = 收回 { $reseller } 為您支援的訂閱
confirm-affected-title-partner = 客戶的訂用帳戶會有哪些變更
confirm-affected-none-partner = 沒有任何訂用帳戶會變更指定支援連絡人。
confirm-affected-partner = 以下 { $count } 個訂用帳戶會立即改回由其提供者提供支援：
confirm-back-customer = 返回客戶

## Bulk changes (a reseller's page)
col-select = 選取
reseller-could-title = { $reseller } 可以支援的訂用帳戶
reseller-could-intro = { $reseller } 在這些客戶中擁有委派的系統管理員權限，因此可以擔任您這些訂用帳戶的指定支援連絡人。
reseller-could-none = 您沒有其他訂用帳戶可以由 { $reseller } 擔任支援連絡人：該轉銷商必須先與客戶建立具有委派的系統管理員權限的合作關係。
bulk-assign-selected = 將 { $reseller } 設為所選訂用帳戶的支援連絡人
bulk-assign-all = 將 { $reseller } 設為顯示的 { $count } 個訂用帳戶的支援連絡人
bulk-release-selected = 將所選訂用帳戶改回由您支援
bulk-release-all = 將顯示的 { $count } 個訂用帳戶改回由您支援
bulk-none-selected = 請至少選取一個訂用帳戶，或使用套用到全部的按鈕。沒有任何變更。
bulk-conflict = 在您選擇期間，{ $subscription } 已變更或已不再符合資格。沒有任何變更：下方清單為目前的狀態，請重新選擇。
flash-bulk-assigned = { $count ->
    [0] 沒有變更：{ $name } 已是這些訂用帳戶的支援連絡人。
   *[other] { $name } 現在是另外 { $count } 個訂用帳戶的指定支援連絡人。
}
flash-bulk-released = { $count ->
    [0] 沒有變更。
   *[other] 有 { $count } 個訂用帳戶從 { $name } 改回由您支援。
}
list-showing = 依客戶名稱排序，共 { $total } 個，顯示 { $shown } 個。
list-showing-more = 依客戶名稱排序，共超過 { $total } 個，顯示 { $shown } 個。
list-past-end = 此清單沒有更多項目。
reseller-search-label = 客戶名稱開頭為
reseller-search-submit = 搜尋
reseller-search-clear = 清除
reseller-search-none = 此清單中沒有任何訂用帳戶屬於名稱開頭為「{ $search }」的客戶。
bulk-matching-note = 「全部符合」按鈕會變更此清單中所有分頁的每個訂用帳戶，而不只是顯示的項目：每個訂用帳戶以您按下時的狀態為準，且必須仍符合資格。
bulk-matching-note-search = 「全部符合」按鈕會變更此清單中名稱開頭為「{ $search }」的客戶的每個訂用帳戶，包括所有分頁，而不只是顯示的項目：每個訂用帳戶以您按下時的狀態為準，且必須仍符合資格。
bulk-assign-matching = 將 { $reseller } 設為全部 { $count } 個符合項目的支援連絡人
bulk-assign-matching-more = 將 { $reseller } 設為全部符合項目（超過 { $count } 個）的支援連絡人
bulk-release-matching = 將全部 { $count } 個符合項目改回由您支援
bulk-release-matching-more = 將全部符合項目（超過 { $count } 個）改回由您支援

## A reseller's provider
provider-you-support = { $count ->
    [0] 您未支援其任何訂用帳戶
   *[other] 您支援其 { $count } 個訂用帳戶
}
provider-end-explain = 您將不再是 { $provider } 的轉銷商：該提供者將無法再為其客戶選擇您作為支援連絡人。
provider-end-consequence = { $count ->
    [0] 沒有訂用帳戶會變更支援連絡人。
   *[other] 您為 { $provider } 支援的 { $count } 個訂用帳戶會立即改回由其提供支援。
}
provider-end-submit = 結束我對 { $provider } 的授權

## Invitations to become a provider's reseller
resellers-invite = 邀請轉銷商
resellers-invite-note = 建立一個連結，傳送給轉銷商的系統管理員。對方接受後，即授權您作為其間接提供者。此連結僅能使用一次，有效期 30 天。
flash-invitation-created = 已建立邀請。請將此連結傳送給轉銷商的系統管理員；僅能使用一次，有效期 30 天：
flash-invitation-accepted = 您現在是 { $provider } 的轉銷商。
invitation-title = { $provider } 邀請您成為其轉銷商
invitation-explain = 接受後即授權 { $provider } 作為您的間接提供者：在客戶已授予您委派的系統管理員權限時，該提供者可以將您設為其客戶訂用帳戶的指定支援連絡人。您可以隨時結束此授權。
invitation-closed = 此邀請已使用或已過期。請向提供者索取新的邀請。
invitation-not-a-reseller = 只有間接轉銷商組織可以接受此邀請。
invitation-ask-an-admin = 只有貴組織的系統管理員專員可以接受此邀請。
invitation-accept = 授權 { $provider }

## Activity
nav-activity = 活動
activity-title = 活動
activity-intro = 與您相關的每一項變更，依時間由新到舊排列，不論變更者是您的人員、客戶的系統管理員、您的轉銷商或提供者。無人執行的變更（例如示範資料）需選擇其變更類型才會顯示。
dashboard-all-activity = 所有活動
change-relationship-removed = { $from } 與客戶的合作關係已結束
change-dap-removed = 已移除 { $from } 的委派的系統管理員權限
change-authorization-started = { $from } 已授權 { $to } 作為其提供者
change-authorization-ended = { $from } 對 { $to } 的授權已結束
invitations-open-title = 尚未接受的邀請
invitation-open-line = 建立於 { $made }，可接受至 { $expires }
invitation-withdraw = 撤回
flash-invitation-withdrawn = 已撤回邀請：其連結已失效。
nav-api-keys = API 金鑰
api-keys-title = API 金鑰
api-keys-intro = 金鑰讓您的指令碼使用 /v1 下的 REST API，以「Authorization: Bearer」加上金鑰傳送。金鑰以其使用者的身分與角色運作：技術支援代理人的金鑰只能讀取。撤銷金鑰會使其立即失效。
api-keys-empty = 尚未建立任何 API 金鑰。
api-keys-col-key = 金鑰
api-keys-col-acts-as = 代表的使用者
api-keys-col-created = 建立時間
api-keys-col-last-used = 上次使用
api-keys-created-by = 由 { $who } 建立
api-keys-created-by-operator = 由系統操作員建立
api-keys-never-used = 從未使用
api-keys-revoked-at = 已於 { $when } 撤銷
api-keys-revoke = 撤銷
api-keys-create = 建立金鑰
api-keys-create-intro = 金鑰以您的身分運作。它只會在建立後顯示一次：請當下複製。系統只保留其雜湊值。
api-keys-create-submit = 建立金鑰
api-keys-made = 已建立金鑰「{ $name }」。請立即複製：它不會再顯示。
api-keys-secret-label = 新的 API 金鑰
api-keys-name-missing = 請為金鑰命名。
api-keys-name-too-long = 名稱最多 200 個字元，且不得包含控制字元。
api-keys-read-only = 只有系統管理代理人可以建立及撤銷金鑰。
flash-api-key-revoked = 已撤銷 API 金鑰：它已失效。
more-actions = 更多動作
subscription-suspend-ellipsis = 暫停…
subscription-details = 詳細資料
contact-current = 目前
contact-since = 由 { $actor } 於 { $when } 設定。
col-why-not = 原因
col-what-to-do = 處理方式
reason-see-reseller = 開啟轉銷商
suspend-title = 要暫停 { $name } 嗎？
suspend-text = { $customer } 仍保有此訂用帳戶，但在您重新啟用之前會維持暫停。其指定的支援連絡人仍為 { $contact }。
suspend-confirm = 暫停
cancel = 取消
support-find = 尋找產品
support-shown = 顯示 # 筆
support-table-caption = 每個訂用帳戶應連絡的對象
col-product = 產品
col-supported-by = 支援提供者
support-contacts-title = 您的支援連絡人
support-supports = 支援 { $count } 個訂用帳戶：
col-actions = 動作
actions-for = { $name } 的動作
bulk-select-all = 選取顯示的所有訂用帳戶
bulk-selected = 已選取 # 個

## Activity: the filter, the total, the pages, the export
col-customer = 客戶
activity-filter-label = 篩選活動
activity-filter-customer = 客戶名稱開頭為
activity-filter-kind = 變更類型
activity-filter-from = 開始日期
activity-filter-to = 結束日期
activity-filter-submit = 篩選
activity-filter-clear = 清除
activity-dates-note = 開始日期與結束日期以 UTC（世界協調時間）的整日計算。
activity-kind-people = 由人員執行的變更
activity-kind-all = 所有變更，包括無人執行的變更
activity-group-subscriptions = 訂用帳戶
activity-group-relationships = 合作關係
activity-group-organization = 您的組織
activity-kind-contact-changed = 支援連絡人已變更
activity-kind-contact-reverted = 支援連絡人改回提供者
activity-kind-subscription-added = 已新增訂用帳戶
activity-kind-subscription-status = 訂用帳戶已暫停或重新啟用
activity-kind-relationship-requested = 合作關係要求
activity-kind-relationship-answered = 合作關係已接受或拒絕
activity-kind-relationship-ended = 合作關係或系統管理權限已移除
activity-kind-authorizations = 轉銷商授權與邀請
activity-kind-users = 使用者
activity-kind-api-keys = API 金鑰
activity-kind-support-profile = 支援設定檔
activity-problems = 未套用篩選條件：
activity-problem-customer = 客戶名稱最多 { $max } 個字元。
activity-problem-kind = 請從清單中選擇變更類型。
activity-problem-from = 「開始日期」不是日期：請以 YYYY-MM-DD 格式輸入，例如 2026-03-02。
activity-problem-to = 「結束日期」不是日期：請以 YYYY-MM-DD 格式輸入，例如 2026-03-02。
activity-problem-reversed = 「開始日期」晚於「結束日期」。
activity-total = { $count ->
    [0] 沒有變更
   *[other] 共 { $number } 項變更
}
activity-total-more = 超過 { $number } 項變更
activity-download = 下載 CSV
activity-none = 沒有符合此篩選條件的變更。
activity-none-yet = 目前還沒有人執行與您相關的變更。無人執行的變更（例如示範資料）需選擇其變更類型才會顯示。
activity-past-end = 沒有更早的變更。
activity-newest = 最新
activity-newer = 較新
activity-older = 較舊
actor-system = 系統（無人執行）
actor-operator = 操作員（命令列）
csv-id = 變更識別碼
csv-when = 時間 (UTC)
csv-kind = 變更類型
csv-change = 變更
csv-customer = 客戶
csv-customer-id = 客戶租用戶識別碼
csv-subscription = 訂用帳戶
csv-subscription-id = 訂用帳戶識別碼
csv-by = 執行者
csv-organization = 組織
change-relationship-requested = 已要求合作關係：{ $detail }
change-request-revoked = 已撤銷合作關係要求
change-request-link = 已為合作關係要求產生新連結
change-relationship-accepted = { $to } 的合作關係已被接受
change-relationship-accepted-dap = { $to } 的合作關係已被接受，包含委派的系統管理權限
change-relationship-declined = { $to } 的合作關係要求已被拒絕
change-invitation-created = 已建立轉銷商邀請
change-invitation-withdrawn = 已撤回轉銷商邀請
change-user-created = 已新增使用者：{ $detail }
change-user-role = 已變更角色：{ $detail }
change-user-disabled = 已停用使用者：{ $detail }
change-user-enabled = 已啟用使用者：{ $detail }
change-user-password = 已設定密碼：{ $detail }
change-user-password-link = 已產生密碼連結：{ $detail }
change-api-key-created = 已建立 API 金鑰
change-api-key-revoked = 已撤銷 API 金鑰
change-support-profile = 已變更支援設定檔
change-gdap-requested = 已為 { $to } 要求 GDAP 關係：{ $detail }
change-gdap-approved = { $to } 的 GDAP 關係已核准：{ $detail }
change-gdap-declined = { $to } 的 GDAP 關係要求已拒絕：{ $detail }
change-gdap-terminated = { $to } 的 GDAP 關係已終止：{ $detail }
change-gdap-expired = { $to } 的 GDAP 關係已到期：{ $detail }
change-gdap-extended = { $to } 的 GDAP 關係已延長 180 天：{ $detail }
change-gdap-roles-required = 轉銷商 GDAP 關係須具備的角色：{ $detail }
activity-kind-gdap = 精細委派系統管理權限（GDAP）

## A reseller's dashboard
nav-providers = 提供者
stat-supported = 個您擔任指定支援連絡人的訂用帳戶
stat-pending-requests = 個待處理的合作關係要求
dashboard-supports-title = 您提供支援的訂用帳戶
dashboard-supports-count = { $number } 個訂用帳戶
dashboard-supports-none = 您目前還不是任何訂用帳戶的指定支援連絡人。客戶授予您委派的系統管理權限後，您授權的提供者即可為該客戶的訂用帳戶選擇您：請以合作關係要求申請此權限。
dashboard-request-new = 要求合作關係
dashboard-pending-title = 您待處理的合作關係要求
dashboard-pending-none = 您目前沒有等待回覆的合作關係要求。若要成為客戶的支援連絡人，請在「要求」頁面向客戶要求包含委派的系統管理權限的合作關係。
dashboard-pending-all = 全部 { $number } 個待處理的要求
dashboard-no-changes-reseller = 目前還沒有人執行與您相關的變更。當提供者將您設為訂用帳戶的指定支援連絡人，或客戶回覆您的要求時，會顯示在這裡。

## 精細委派系統管理權限（GDAP）
nav-gdap = GDAP
gdap-title = 精細委派系統管理權限
gdap-partner-intro = 您與客戶之間的關係，在一段期間內授與您 Microsoft Entra 角色。轉銷商只有在與該客戶有有效的 GDAP 關係時，才能被選為指定支援連絡人。
gdap-expiring-title = 30 天內到期
gdap-pending-title = 等待客戶核准
gdap-all-title = 所有關係
gdap-partner-none = 尚無 GDAP 關係。請從客戶頁面向客戶提出要求。
gdap-list-capped = { $count ->
   *[other] 只列出最新的 { $count } 個關係。
}
gdap-col-name = 顯示名稱
gdap-col-roles = 角色
gdap-col-end = 結束日期
gdap-col-auto-extend = 自動延長
gdap-col-reseller = 轉銷商
gdap-col-provider = 要求者
gdap-col-required = 需具備其中之一
gdap-short-title = 缺少提供者要求的角色
gdap-short-intro-provider = 您的轉銷商與您的客戶之間、未具備您所要求任何角色的有效關係。這些關係不會讓轉銷商在您之下取得委派存取權：在它擁有具備其中一個角色的關係之前，它不會是這些客戶的支援連絡人選項。
gdap-short-intro-reseller = 您的有效關係中，未具備您所合作的提供者所要求任何角色的關係。在該提供者之下，這些關係不會讓您取得委派存取權：請向客戶要求一個具備其中一個角色的新關係。
gdap-short-ask = 以要求的角色重新要求
gdap-status-pending = 等待核准
gdap-status-active = 有效
gdap-status-expiring = 即將到期
gdap-status-expired = 已到期
gdap-status-terminated = 已終止
gdap-ended = 結束方式
gdap-ended-declined = 客戶已拒絕
gdap-ended-by-partner = 由合作夥伴終止
gdap-ended-by-customer = 由客戶終止
gdap-ended-lapsed = 90 天內未獲回覆
gdap-ended-expired = 已到結束日期
gdap-role-separator = 、
gdap-role-helpdesk-administrator = 技術支援中心系統管理員
gdap-role-helpdesk-administrator-about = 為非系統管理員的使用者重設密碼並處理服務要求。
gdap-role-service-support-administrator = 服務支援系統管理員
gdap-role-service-support-administrator-about = 向 Microsoft 提出並追蹤支援要求，並查看服務健康狀態。
gdap-role-user-administrator = 使用者系統管理員
gdap-role-user-administrator-about = 建立及管理使用者和群組，並為非系統管理員的使用者重設密碼。
gdap-role-license-administrator = 授權系統管理員
gdap-role-license-administrator-about = 指派、移除及更新使用者的授權。
gdap-role-global-reader = 全域讀取者
gdap-role-global-reader-about = 可查看全域系統管理員能看到的一切，但無法變更任何設定。
gdap-role-directory-readers = 目錄讀取者
gdap-role-directory-readers-about = 讀取組織中使用者、群組和裝置的基本資訊。
gdap-role-security-reader = 安全性讀取者
gdap-role-security-reader-about = 讀取安全性報告、警示和設定。
gdap-role-billing-administrator = 計費系統管理員
gdap-role-billing-administrator-about = 進行購買、管理訂用帳戶與帳單，並提出支援要求。
gdap-role-exchange-administrator = Exchange 系統管理員
gdap-role-exchange-administrator-about = 管理信箱及 Exchange Online 的所有設定。
gdap-role-sharepoint-administrator = SharePoint 系統管理員
gdap-role-sharepoint-administrator-about = 管理 SharePoint Online 網站和 OneDrive。
gdap-role-teams-administrator = Teams 系統管理員
gdap-role-teams-administrator-about = 管理 Microsoft Teams 及其會議、通話和原則。
gdap-role-global-administrator = 全域系統管理員
gdap-role-global-administrator-about = 掌控組織的所有服務與設定，包括其他系統管理員。
gdap-required-title = 您要求轉銷商 GDAP 關係具備的角色
gdap-required-intro = 只有當轉銷商與客戶的有效 GDAP 關係至少包含其中一個角色時，該轉銷商才能被選為該客戶的指定支援連絡人。
gdap-required-none = 您未要求特定角色：任何有效的 GDAP 關係皆可。
gdap-required-now = 您要求具備下列其中一個角色：{ $roles }。
gdap-required-legend = 要求的角色（具備其中任一個即可）
gdap-required-consequence = 由不再符合資格的轉銷商支援的訂用帳戶會改回由您提供支援，每一筆都會記錄在活動中。
gdap-required-submit = 儲存要求的角色
gdap-ask = 要求 GDAP
gdap-new-same-roles = 以相同角色提出新要求
gdap-created = 要求時間
gdap-activated = 核准時間
gdap-duration = 期間
gdap-days = { $count ->
   *[other] { $count } 天
}
gdap-terminate = 終止
gdap-terminate-title = 終止 { $name }
gdap-terminate-submit = 終止此關係
gdap-terminate-confirm-first = 尚未做任何變更：請按下方按鈕確認終止。
gdap-terminate-explain = { $customer } 會立即停止授與這些角色。尚未回覆的要求會被撤回。
gdap-terminate-explain-customer = { $partner } 會立即失去在您組織中的這些角色。
gdap-going-none = 沒有訂用帳戶的指定支援連絡人會變更。
gdap-going = { $count ->
   *[other] 下列 { $count } 個訂用帳戶的指定支援連絡人會改回其提供者：
}
gdap-already-ended = 此關係已經結束。
gdap-request-title = 向 { $customer } 要求 GDAP
gdap-request-intro = { $customer } 會收到一個連結，由其系統管理員核准或拒絕您在此要求的內容。
gdap-request-copied = 已填入 { $name } 的角色、期間和自動延長設定。請為新關係取一個不同的名稱。
gdap-request-admins-only = 只有系統管理員代理人可以要求 GDAP 關係。
gdap-name-hint = 最多 50 個字元，且不得與您的其他關係重複。
gdap-duration-days = 期間（天）
gdap-duration-hint = { $min } 到 { $max } 天；也可輸入 ISO 8601 期間，例如 P90D。
gdap-auto-extend-label = 到期時自動延長
gdap-auto-extend-hint = { $count ->
   *[other] 每次延長 { $count } 天。不可與全域系統管理員一起使用。
}
gdap-auto-extend-yes = { $count ->
   *[other] 是，每次延長 { $count } 天
}
gdap-request-submit = 提出關係要求
gdap-problem-name-required = 請為關係輸入顯示名稱。
gdap-problem-name-too-long = 顯示名稱最多 { $max } 個字元。
gdap-problem-name-duplicate = 您已有使用此顯示名稱的關係。
gdap-problem-no-roles = 請至少選擇一個角色。
gdap-problem-unknown-role = 送出的角色中有此表單未提供的角色。
gdap-problem-duration-not-iso = 請以天數或 ISO 8601 期間（例如 P90D）輸入期間。
gdap-problem-duration-out-of-range = 期間必須介於 1 天到 2 年（730 天）之間。
gdap-problem-auto-extend-global-admin = 自動延長不可與全域系統管理員一起使用：請移除其中之一。
gdap-requested-title = 已向 { $customer } 要求 GDAP 關係
gdap-send-intro = 此連結只能使用一次，90 天後失效。連結只會在此時顯示：若遺失，請終止此要求並重新提出。
gdap-email-text = 您好：

    { $partner } 向 { $customer } 要求具備下列角色的精細委派系統管理權限：{ $roles }。

    { $customer } 的系統管理員可透過此連結核准或拒絕：
    { $link }

    謝謝。
gdap-requested-next = { $count ->
   *[other] 核准後，此關係的有效期間為 { $count } 天。
}
gdap-requested-see = 查看此關係
gdap-link-title = 精細委派系統管理權限要求
gdap-link-explain = { $partner } 要求在一段期間內取得您組織中的系統管理角色。
gdap-link-not-valid = 此連結已失效。
gdap-link-not-valid-explain = 此要求已被回覆、已撤回，或從未存在。若仍有需要，請向合作夥伴索取新連結。
gdap-link-other-organization = 此連結是給其他組織的。
gdap-link-other-organization-explain = 請以合作夥伴所要求之組織的系統管理員帳戶登入。
gdap-link-customers-only = 此連結是給客戶組織的系統管理員使用。請登出，再以該帳戶登入。
gdap-link-lapsed = 此要求未在 { $days } 天內獲得回覆，已經失效，無法再核准。
gdap-end-if-approved = 若現在核准，結束日期為
gdap-roles-asked = 要求的角色
gdap-link-answer-explain = 核准後會立即授與這些角色直到結束日期；您隨時可以在「合作夥伴」頁面終止此關係。
gdap-approve = 核准
gdap-decline = 拒絕
gdap-customer-intro = 在一段期間內於您的組織中具有系統管理角色的合作夥伴。終止關係會立即移除其角色。
gdap-customer-none = 尚無合作夥伴要求 GDAP。
dashboard-gdap-expiring = 需要留意的 GDAP 關係
dashboard-gdap-short = 有 { $count } 個有效關係缺少提供者要求的角色
dashboard-gdap-all = 所有 GDAP 關係
flash-gdap-roles-required = 已儲存要求的角色。
flash-gdap-terminated = 已終止 { $name }。
flash-gdap-already-ended = 該關係早已結束：未做任何變更。
flash-gdap-approved = 您已核准 { $partner } 的 GDAP 關係。
flash-gdap-declined = 您已拒絕 { $partner } 的 GDAP 關係。
nav-support-profile = 支援設定檔
support-profile-title = 支援設定檔
support-profile-intro = 您的客戶在其支援頁面上，為您支援的每個訂用帳戶看到的電子郵件地址、電話號碼和網站。
support-profile-problems = 您輸入的部分內容無法使用；未儲存任何變更。每個欄位會說明原因。
support-profile-form = 客戶如何聯絡您的支援團隊
support-profile-telephone-hint = 國際電話號碼：+ 與國碼，總共 8 到 15 位數字；可用空格、連字號、句點和括號分組。
support-profile-email-invalid = 請輸入電子郵件地址，例如 support@example.com。
support-profile-telephone-invalid = 請輸入以 + 與國碼開頭的國際電話號碼，例如 +886 2 5550 1234。
support-profile-website-invalid = 請輸入以 https:// 開頭的網站地址，例如 https://support.example.com。
support-profile-save = 儲存
support-profile-preview = 預覽
support-profile-read-only = 只有系統管理專員可以變更。
support-profile-preview-title = 客戶看到的內容
support-profile-not-saved = 您輸入內容的預覽：尚未儲存。
support-profile-no-preview = 每個欄位都可使用後，才會顯示預覽。
flash-support-profile-saved = 已儲存支援設定檔：客戶現在會在其支援頁面上看到。

## Notifications
notifications-title = 通知
notifications-none = 目前沒有通知。當您的組織成為或不再是支援連絡人、客戶的連絡人變更、有關係要求，以及 GDAP 關係即將結束時，您會在這裡（系統管理員也會透過電子郵件）收到通知。
notifications-unread = { $count } 則未讀
notifications-mark-read = 全部標示為已讀
notifications-older = 較早的通知
notifications-new = 新
notifications-more = 以及另外 { $count } 個訂用帳戶
flash-notifications-read = 所有通知都已標示為已讀。
notice-contact-gained = { $partner } 現在是 { $count } 個訂用帳戶的指定支援連絡人
notice-contact-lost = { $partner } 已不再是 { $count } 個訂用帳戶的指定支援連絡人
notice-contact-reverted = { $partner } 已不再符合資格：它所支援的 { $count } 個訂用帳戶已回到其提供者
notice-customer-contacts = 您有 { $count } 個訂用帳戶的指定支援連絡人已變更
notice-relationship-requested = { $partner } 向 { $company } 提出關係要求
notice-gdap-expiring = 與 { $customer } 的 GDAP 關係 { $name } 將在 { $days }後結束
notice-line = { $customer } 的 { $subscription }：{ $from } → { $to }
mail-open = 在 support-contacts 中開啟：
mail-request-open = 若要回覆，請開啟此連結（僅能使用一次）：
mail-footer = 您收到此郵件，是因為您在組織的 support-contacts 帳戶中擔任的角色。

nav-relationships = 合作關係
relationships-title = 合作關係
relationships-intro = 您可以看到的每一個客戶合作關係：您自己的，以及與您合作的合作夥伴（您的轉銷商或提供者）的合作關係，並顯示其目前的委派存取權。
relationships-filter-label = 篩選合作關係
relationships-filter-customer = 客戶名稱或網域包含
relationships-filter-state = 狀態
relationships-filter-access = 委派存取權
relationships-filter-submit = 篩選
relationships-state-any = 有效及已移除
relationships-state-active = 有效
relationships-state-removed = 已移除
relationships-access-any = 全部
relationships-access-legacy = 舊版 DAP
relationships-access-gdap = GDAP
relationships-access-none = 無
relationships-until = 至
relationships-sort = 排序
relationships-sort-customer = 客戶，A 到 Z
relationships-sort-customer-desc = 客戶，Z 到 A
relationships-sort-since-desc = 最新的在前
relationships-sort-since = 最舊的在前
relationships-unknown-filter = 此網址要求的篩選或排序方式不存在於此頁面；已略過該部分。
relationships-total = { $count ->
    [0] 沒有合作關係
   *[other] 共 { $number } 個合作關係
}
relationships-total-more = 超過 { $number } 個合作關係
relationships-download = 下載 CSV
relationships-none = 您的客戶目前還沒有您可以看到的合作關係。
relationships-none-filtered = 沒有符合此篩選條件的合作關係。
relationships-past-end = 此方向沒有更多合作關係。
relationships-col-partner = 合作夥伴
relationships-col-role = 角色
relationships-col-access = 委派存取權
relationships-col-since = 開始日期
relationships-col-state = 狀態
relationships-role-provider = 提供者
relationships-role-reseller = 轉銷商
relationships-csv-partner = 合作夥伴
relationships-csv-mpn = 合作夥伴 MPN 識別碼
relationships-csv-role = 角色
relationships-csv-access = 委派存取權
relationships-csv-until = 委派存取權到期時間 (UTC)
relationships-csv-since = 開始時間 (UTC)
relationships-csv-state = 狀態

## A customer admin's audit log
nav-audit = 稽核記錄
audit-title = 稽核記錄
audit-intro = 您組織中發生的事項，依時間由新到舊排列，不論執行者是您的合作夥伴、您自己的系統管理員或營運人員：訂用帳戶的支援連絡人、合作關係與系統管理權限、您的使用者，以及遭拒絕的登入。無人執行的變更（例如示範資料）需選擇其變更類型才會顯示。
audit-filter-subscription = 訂用帳戶
audit-filter-any-subscription = 所有訂用帳戶
audit-problem-subscription = 訂用帳戶不是有效的訂用帳戶識別碼，例如 8f2a1c3e-0b4d-4e6f-9a7b-1c2d3e4f5a6b。
audit-none-yet = 您的組織中尚未發生任何事項。無人執行的變更（例如示範資料）需選擇其變更類型才會顯示。
activity-kind-sign-ins = 遭拒絕的登入
change-sign-in-blocked = 此帳戶因多次輸入錯誤密碼，暫時無法登入（最後一次嘗試來自 { $ip }）
change-sign-in-address-blocked = 來自 { $ip } 的登入因多次輸入錯誤密碼而暫時遭拒，嘗試的帳戶包括此帳戶
col-before = 變更前
col-after = 變更後
csv-before = 變更前
csv-after = 變更後
csv-email = 電子郵件

# 新訂用帳戶的預設支援連絡人（客戶頁面）
default-contact-title = 新訂用帳戶的預設支援連絡人
default-contact-intro = 您為此客戶新增的訂用帳戶，一開始會以此合作夥伴擔任指定的支援連絡人。它必須符合資格（您的轉銷商之一，且擁有此客戶的委派系統管理存取權）；若不再符合資格，預設值會改回您。
default-contact-legend = 新訂用帳戶一開始使用
default-contact-provider = { $name }（您，也就是提供者本身）
default-contact-submit = 儲存預設值
default-contact-none-eligible = 目前您的轉銷商中沒有任何一個符合此客戶的資格。
default-contact-is = 新訂用帳戶一開始由 { $name } 擔任支援連絡人。
default-contact-is-provider = 新訂用帳戶一開始由您（其提供者）擔任支援連絡人。
default-contact-not-eligible-now = { $name } 是預設值，但目前不符合資格：在清除或再次符合資格之前，新訂用帳戶一開始由您擔任支援連絡人。
default-contact-error-not-eligible = 此合作夥伴無法設為預設值：它目前不是 { $customer } 符合資格的支援連絡人。未做任何變更。
flash-default-contact-set = 此客戶的新訂用帳戶現在一開始由 { $name } 擔任支援連絡人。
contact-from-default = { $name } 是此訂用帳戶建立時依客戶的預設支援連絡人所指定的連絡人。
change-default-contact-set = 新訂用帳戶的預設支援連絡人：{ $from } → { $to }
change-default-contact-cleared = 新訂用帳戶的預設支援連絡人因不再符合資格而改回提供者：{ $from } → { $to }
change-subscription-created-default = 已新增訂用帳戶，由 { $to } 提供支援（客戶的預設支援連絡人）

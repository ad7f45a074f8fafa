## Layout
site-name = Support contacts
skip-to-content = Skip to content
nav-main = Main
nav-dashboard = Dashboard
nav-customers = Customers
nav-admin = Admin
nav-support = Support
nav-menu = Menu
nav-account = Your account
nav-breadcrumb = Breadcrumb
sign-out = Sign out
language-switch = Language
flash-subscription-added = Subscription “{ $name }” added. Its designated support contact is shown below.
flash-contact-unchanged = Nothing changed: { $name } already is the designated support contact.

## Shared words
yes = Yes
no = No
none = None
unknown = Unknown
optional = (optional)
tag-provider = provider
status-active = Active
status-suspended = Suspended
status-deleted = Deleted
partner-with-mpn = { $name } (MPN { $mpn })
tenant-id = Tenant ID

## Contact details
contact-name = Name
contact-mpn = MPN ID
contact-email = Email
contact-telephone = Telephone
contact-website = Website

## Table columns
col-when = When
col-who = Who
col-change = Change
col-company = Company
col-domain = Domain
col-country = Country
col-delegated-admin = Delegated admin
col-your-subscriptions = Your subscriptions
col-subscription = Subscription
col-offer = Offer
col-quantity = Quantity
col-status = Status
col-reseller-of-record = Reseller of record
col-support-contact = Designated support contact
col-bought-from = Bought from

## Audit entries
change-support-contact = Designated support contact: { $from } → { $to }
change-subscription-created = Subscription added, supported by { $to }

## Errors
error-not-found-title = Page not found
error-not-found-text = There is nothing here, or it is not yours to see. Check the address, or go back to your home page.
error-forbidden-title = Not allowed
error-forbidden-text = Your account cannot open this page or make this change. Ask an admin of your organization if you need to.
error-csrf-title = This form has expired
error-csrf-text = For your security the form could not be accepted: it was opened in an earlier session, or came from another site. Nothing was changed. Go back, reload the page and try again.
error-bad-request-title = Request not understood
error-bad-request-text = The request was malformed and nothing was changed.
error-method-title = Not available this way
error-method-text = This address does not accept that kind of request. Nothing was changed.
error-too-large-title = Too much data
error-too-large-text = The form sent more data than this page accepts. Nothing was changed.
error-conflict-title = Changed meanwhile
error-conflict-text = Someone changed this while you were working on it, so nothing of yours was saved. Go back and reload the page to see it as it is now.
error-unavailable-title = Busy, try again
error-unavailable-text = The service is busy right now. Nothing was lost: try again in a few seconds.
error-internal-title = Something went wrong
error-internal-text = The error was logged. Try again; if it persists, contact your administrator.
error-home-link = Go to your home page

## Sign in
login-title = Sign in
login-failed = That email and password do not match an account. Check both and try again.
login-email = Email
login-password = Password
login-blocked = Too many failed sign-ins for this account from your network. Sign-in is blocked until { $until }; other accounts and other networks are not affected.
login-address-blocked = Too many failed sign-ins from your network. Sign-in from it is blocked until { $until }; other networks are not affected.
login-busy = Too many sign-ins at once from your network. Wait a moment, then try again.
login-submit = Sign in

## Partner dashboard
dashboard-title = Dashboard
stat-customers = { $count ->
    [one] customer
   *[other] customers
}
stat-subscriptions = { $count ->
    [one] subscription you transact
   *[other] subscriptions you transact
}
stat-supported-by-resellers = supported by a reseller
stat-resellers = { $count ->
    [one] authorized reseller
   *[other] authorized resellers
}
dashboard-recent = Recent changes
dashboard-no-changes = No changes yet. Open a customer, then a subscription, to choose its designated support contact.

## Customers
customers-title = Customers
customers-search-label = Search by company name or domain
customers-search = Search
customers-clear = Clear
customers-none = You have no customers yet.
customers-no-match = No customer matches “{ $search }”.
customers-showing = Showing { $first }–{ $last } of { $total }.
customers-showing-matching = Showing { $first }–{ $last } of { $total } matching “{ $search }”.
customers-showing-span = Showing { $count } of { $total }: “{ $from }” to “{ $to }”.
customers-looked-through = Showing { $count } matching “{ $search }” among your customers from “{ $from }” to “{ $to }”.
customers-looked-through-none = None of your customers from “{ $from }” to “{ $to }” matches “{ $search }”.
customers-filter-label = Find customers
customers-filter-access = Delegated admin privileges
customers-access-any = All customers
customers-access-with = With delegated admin privileges
customers-access-without = Without delegated admin privileges
customers-sort = Order
customers-sort-name = Company, A to Z
customers-sort-name-desc = Company, Z to A
customers-none-filtered = None of your customers fits this filter.
customers-unknown-filter = Part of this address asks for a filter or an order this page does not have; it shows all customers from A to Z instead.
pager-label = Pages
pager-first = First page
pager-previous = Previous
pager-next = Next

## One customer
subscriptions-title = Subscriptions
customer-no-subscriptions = No subscriptions of this customer are yours.
add-title = Add a subscription
add-intro = A new subscription starts with your default support contact for this customer (you, its provider, unless you chose another).
add-failed = The subscription was not added. Correct the fields marked below.
add-offer-name = Offer name
add-offer-name-required = Enter the offer name, for example Microsoft 365 E3.
add-too-long = Use at most 200 characters.
add-friendly-name = Friendly name
add-friendly-name-hint = (optional; the offer name if empty)
add-quantity = Quantity
add-quantity-not-a-number = Enter a whole number of licenses.
add-quantity-out-of-range = Enter a number from 1 to 1,000,000.
add-reseller = Reseller of record
add-reseller-invalid = This is not one of your current resellers. Give a reseller's MPN ID, or leave it empty for none.
add-reseller-hint = The MPN ID of one of your resellers; those this customer works with are offered as you type. Leave it empty for none.
add-submit = Add subscription

## One subscription
fact-offer = Offer
fact-subscription-id = Subscription ID
fact-quantity = Quantity
fact-status = Status
fact-created = Created
fact-provider = Provider
fact-reseller-of-record = Reseller of record
contact-title = Designated support contact
contact-intro = The customer sees this partner's support information for this subscription.
assign-error-missing = Choose a designated support contact from the list.
assign-error-malformed = That choice is not a partner in the list. Choose one of the options shown.
assign-error-not-eligible = That partner cannot be this subscription's designated support contact: only you and your resellers with delegated admin privileges for { $customer } can. Nothing was changed.
assign-error-stale-form = The form was out of date. It has been reloaded; choose again.
assign-error-conflict = Someone changed this subscription while you were choosing. The designated support contact is now { $name }. Your choice was not saved: choose again if it is still right.
assign-error-conflict-by = Someone changed this subscription while you were choosing. The designated support contact is now { $name }, set by { $actor } at { $when }. Your choice was not saved: choose again if it is still right.
assign-error-other = The change could not be saved.
option-provider-you = { $name } (you, the provider)
assign-submit = Save
not-eligible-title = Your resellers that are not in the list
not-eligible-unrelated-more = { $count ->
    [one] One more is not listed here; every reseller is on
   *[other] { $count } more are not listed here; every reseller is on
}
not-eligible-unrelated = { $count ->
    [one] One more of your resellers has no relationship with { $customer }
   *[other] { $count } more of your resellers have no relationship with { $customer }
}
what-to-do = What to do:
reason-not-authorized = not authorized under you. Its authorization of { $provider } as its indirect provider has ended.
todo-not-authorized = ask { $reseller } to authorize you again as its indirect provider.
reason-no-relationship = no reseller relationship with { $customer }.
todo-no-relationship = have { $reseller } send { $customer } a reseller relationship request that includes delegated admin privileges; once a customer admin accepts it, { $reseller } appears in the list.
reason-no-delegated-admin = its relationship with { $customer } has no delegated access: neither delegated admin privileges nor an active granular delegated admin (GDAP) relationship.
todo-no-delegated-admin = have { $reseller } ask { $customer } for a GDAP relationship from its GDAP page; once a customer admin approves it, { $reseller } appears in the list.
reason-gdap-pending = its GDAP relationship request to { $customer } awaits the customer's approval.
todo-gdap-pending = ask a customer admin of { $customer } to approve it through the link { $reseller } sent; { $reseller } appears in the list once it is approved.
reason-gdap-without-role = its active GDAP relationships with { $customer } include none of the roles you require.
todo-gdap-without-role = have { $reseller } ask { $customer } for a GDAP relationship that includes one of them, or change the roles you require on your GDAP page.
reason-gdap-ended = its GDAP relationship with { $customer } ended on { $when }.
todo-gdap-ended = have { $reseller } ask { $customer } for a new GDAP relationship; it can repeat the roles of the old one.
read-only = You can see this subscription but not change its designated support contact: only its provider, { $provider }, and its admin agents can.
history-title = History
history-empty = No recorded changes.

## Review
review-title = Review the change
review-crumb = Review
review-done = The designated support contact of { $subscription } for { $customer } was changed by { $actor } at { $when }.
review-changed-since = It has changed again since.
review-check = Check that it is correct.
review-previous = Previous contact
review-new = New contact
review-close = Close
review-change-again = Change it again

## Customer admin
admin-title = Admin
admin-tile-support = Support
admin-tile-support-text = Whom to call for each of your subscriptions, and how to reach them.
support-title = Support
support-intro = For help with a subscription, contact its designated support contact below.
support-empty = You have no active subscriptions.

## Users
nav-users = Users
users-title = Users
users-role = Role
users-you = you
users-enabled = Enabled
users-disabled = Disabled
users-add = Add a user
users-add-intro = The new user gets a one-time link to set a password, shown to you to send them. It works for 72 hours.
users-add-submit = Add user
users-change-role = Change role
users-enable = Enable
users-disable = Disable
users-new-link = New password link
users-disable-note = Disabling a user, changing their role or giving a new password ends their sessions at once.
role-admin-agent = Admin agent
role-helpdesk-agent = Helpdesk agent
role-customer-admin = Customer admin
flash-user-invited = User added. Send them this one-time link to set their password; it works for 72 hours:
flash-link-issued = New link made; earlier links no longer work. Send it to the user; it works for 72 hours:
flash-link-label = One-time link
flash-user-updated = { $name } was updated.
flash-password-changed = Your password was changed. Your other sessions have ended.
flash-password-set = Your password is set. Sign in as { $email }.
account-error-email-taken = A user with this email exists already.
account-error-bad-email = Enter a valid email address.
account-error-bad-name = Enter a name of 1 to 200 characters.
account-error-bad-role = Choose one of the roles listed.
account-error-last-admin = This would leave your organization without an enabled admin. Make someone else an admin first.
account-error-other = The change could not be made.
password-rules = Use at least 12 characters (up to 256). Long passphrases are best; common passwords are refused.
password-too-short = The password must have at least 12 characters.
password-too-long = The password must have at most 256 characters.
password-common = This password is too common. Choose another.
password-contains-email = The password is too close to the email address.
password-mismatch = The two new passwords differ.
password-wrong-current = The current password is wrong.
account-password-title = Change your password
account-current-password = Current password
account-new-password = New password
account-confirm-password = New password again
account-password-submit = Change password
set-password-title = Set your password
set-password-for = Choose a password for { $email }.
set-password-submit = Set password
set-password-invalid = This link has been used, has expired, or was replaced by a newer one. Ask an admin of your organization for a new link.

## Relationships
nav-partners = Partners
admin-tile-partners-text = The partners you work with, their admin privileges, and ending either.
admin-tile-users-text = Who in your organization can sign in here.
partners-title = Partners
partners-intro = The partners your organization works with. Removing a partner's admin privileges or deleting the partner shows what will change first, and takes effect once you confirm.
partners-none = You work with no partner.
partners-role = Role
partners-role-provider = Provider
partners-role-reseller = Reseller
partners-since = Since
partners-remove-dap = Remove admin privileges
partners-delete = Delete partner
partners-consequence = Subscriptions supported by a partner that loses its admin privileges or is deleted go back to their provider's support.
partners-delete-refused = { $name } still has active subscriptions with you. Ask it to suspend them before you delete it:
flash-partner-dap-removed = { $name } no longer has admin privileges.
flash-partner-removed = { $name } was removed from your partners.
flash-relationship-removed = Your relationship with { $name } has ended.
flash-reseller-relationship-removed = The relationship of { $name } with this customer has ended.
flash-contacts-reverted = { $count ->
    [0] No subscription changed support contact.
    [one] One subscription went back to its provider's support.
   *[other] { $count } subscriptions went back to their provider's support.
}
flash-subscription-suspended = { $name } is suspended.
flash-subscription-reactivated = { $name } is active again.
relationship-title = Relationship
relationship-with-dap = You are this customer's partner, with delegated admin privileges.
relationship-without-dap = You are this customer's partner, without delegated admin privileges.
relationship-reseller-cannot-remove = A reseller cannot end its own relationship: the customer, or your provider, can.
relationship-remove = End the relationship
relationship-remove-blocked = { $count ->
    [one] You cannot end this relationship yet: one subscription you sell here is active. Suspend it first.
   *[other] You cannot end this relationship yet: { $count } subscriptions you sell here are active. Suspend them first.
}
relationship-refused-active = The relationship was not ended: these subscriptions are still active. Suspend them first.
relationship-resellers-title = Your resellers working with this customer
relationship-remove-for-reseller = End on the reseller's behalf
subscription-reactivate = Reactivate
change-support-contact-reverted = Designated support contact back to the provider: { $from } → { $to }
change-subscription-suspended = Subscription suspended
change-subscription-reactivated = Subscription reactivated
support-suspended = suspended
relationship-reseller-with-dap = with delegated admin privileges
relationship-reseller-without-dap = without delegated admin privileges

## Relationship requests
nav-requests = Requests
requests-title = Relationship requests
requests-intro = A customer accepts you as its partner through a link you send it. Ask for delegated admin privileges to be eligible as a designated support contact.
requests-new = New request
requests-create = Make the link
requests-none = You have made no request yet.
request-domain = Customer's domain
request-via = Through provider
request-include-dap = Include legacy delegated admin privileges (for yourself only)
request-dap-hint = Resellers no longer get legacy delegated admin privileges: once the customer accepts, a reseller asks for a GDAP relationship from the customer's page.
request-gdap-after = Delegated admin privileges now come from a GDAP relationship: once the customer accepts this request, ask for one from the customer's page, with the roles you need.
request-sent = Sent
request-expires = Link expires
request-state-pending = Pending
request-state-accepted = Accepted
request-state-declined = Declined
request-state-revoked = Revoked
request-state-expired = Expired
request-error-company-missing = Enter the customer's company name.
request-error-company-too-long = Use at most 200 characters for the company name.
request-error-domain = Enter the customer's domain, such as wideworldimporters.onmicrosoft.com.
request-error-provider = Choose one of the providers you work through.
request-error-send-to = Enter an e-mail address to send the link to, or leave it empty to copy the link yourself.
request-send-to = E-mail the link to (optional)
request-send-to-hint = The customer's admin at this address gets the link by e-mail, in their language. Either way the link is shown once on the next page.
request-error-legacy-dap = Resellers can no longer be given legacy delegated admin privileges. Make the request without them; once the customer accepts, ask for a GDAP relationship from the customer's page.
request-send-title = Send this to the customer
request-send-intro = The link works once, for 30 days. It is shown only now: make a new link if you lose it.
request-link = Link
request-email-label = E-mail text to copy
request-email-text = Hello,

    { $partner } would like to become a partner of { $company }.
    A global admin of { $company } can accept or decline with this link:

    { $link }

    The link works once and expires in 30 days.
request-email-text-dap = Hello,

    { $partner } would like to become a partner of { $company }, with delegated admin privileges, so that it can support your subscriptions.
    A global admin of { $company } can accept or decline with this link:

    { $link }

    The link works once and expires in 30 days.
request-new-link = New link
request-revoke = Revoke
flash-request-revoked = The request was revoked; its link no longer works.
flash-request-closed = This request is no longer pending.
accept-title = Partner request
accept-partner = Partner
accept-for = For
accept-dap-asked = Asked for
accept-dap-not-asked = Not asked for
accept-expired = This request has expired. Ask the partner for a new link.
accept-revoked = The partner revoked this request.
accept-used = This request was answered already.
accept-wrong-account = This request is for { $domain }. Sign in as a global admin of that organization to answer it.
accept-sign-in = Sign in as a global admin of { $company } to answer this request.
accept-explain = Accepting makes { $partner } one of your partners.
accept-explain-dap = Accepting makes { $partner } one of your partners, with delegated admin privileges over your organization; it can then be the designated support contact of your subscriptions. You can remove these privileges at any time.
accept-accept = Accept
accept-decline = Decline
accept-create-intro = No organization uses { $domain } here yet. Create it, with yourself as its first admin, and accept the request in one step.
accept-country = Country (two letters)
accept-admin-name = Your name
accept-admin-email = Your email
accept-create-submit = Create and accept
accept-domain-taken = An organization with this domain exists already: sign in as one of its admins.
accept-country-invalid = Enter the two-letter country code, such as US or TW.
flash-request-accepted = Request accepted: the partner is listed below.
flash-request-declined = Request declined.
flash-organization-created = Your organization was created and the request accepted. You are signed in as its admin.
support-vendor-intro = Bought directly from { $vendor }, not through a partner: { $vendor } supports these itself.
reason-request-pending = Request pending: { $reseller } sent the customer a request on { $when }; it appears here once a customer admin accepts it.
reason-request-expired = Request expired: the request of { $reseller } expired on { $when }; { $reseller } can make a new link from its Requests page.
partners-pending = Pending requests
partners-pending-dap = asking for delegated admin privileges
partners-pending-no-dap = without delegated admin privileges
request-on-behalf = For
request-for-yourself = Yourself
request-from = From
reason-make-request = Make a request on its behalf
reason-see-request = See the request
reason-resend-request = Resend it with a new link

## Resellers (provider) and providers (reseller)
nav-resellers = Resellers
resellers-title = Your resellers
resellers-intro = Resellers that have authorized you as their indirect provider. Only they can be designated support contacts for your customers' subscriptions, and only where the customer has given them delegated admin privileges.
resellers-empty = No reseller has authorized you yet.
resellers-filter-label = Filter by authorization
resellers-filter-state = Authorization
resellers-state-any = Current and ended
resellers-state-active = Current only
resellers-state-ended = Ended only
resellers-filter-submit = Show
resellers-none-in-state = No authorization is in this state.
resellers-unknown-state = This address asks for an authorization state this page does not have; it shows current and ended ones instead.
providers-title = Your providers
providers-intro = The indirect providers you have authorized. Their customers' subscriptions can name you as the designated support contact.
providers-empty = You have not authorized any provider yet.
col-reseller = Reseller
col-provider = Provider
col-mpn = MPN ID
col-authorization = Authorization
col-supports = Support contact of
authorization-active-since = Active since { $when }
authorization-ended-at = Ended { $when }
supports-subscriptions = { $count ->
    [0] no subscription
    [one] one subscription
   *[other] { $count } subscriptions
}
reseller-supports-title = Subscriptions it supports for you
reseller-supports-none = It is the designated support contact of none of your subscriptions.
reseller-end-title = End this authorization
reseller-end-explain = { $reseller } will no longer be one of your resellers and cannot be chosen as a support contact for your customers.
reseller-end-consequence = { $count ->
    [0] No subscription changes support contact.
    [one] The one subscription it supports for you goes back to your support, at once, and the change is recorded in its history.
   *[other] The { $count } subscriptions it supports for you go back to your support, at once, and each change is recorded in its history.
}
reseller-end-submit = End the authorization of { $reseller }
flash-authorization-ended = The authorization of { $name } has ended.

## Confirming a partner's removal
confirm-dap-title = Remove the admin privileges of { $name }?
confirm-delete-title = Delete { $name } as your partner?
confirm-dap-explain = { $name } keeps its relationship with your organization but can no longer administer it, and can no longer be the designated support contact of your subscriptions.
confirm-delete-explain = { $name } will no longer be one of your partners: it can no longer see or administer your organization, or support your subscriptions.
confirm-affected-title = What changes for your subscriptions
confirm-affected-none = No subscription has { $name } as its designated support contact: none changes.
confirm-affected = { $count ->
    [one] One subscription has { $name } as its designated support contact. It goes back to its provider's support, at once:
   *[other] { $count } subscriptions have { $name } as their designated support contact. They go back to their providers' support, at once:
}
confirm-cancel = Cancel
confirm-back = Back to partners

## Confirming the end of a relationship (partner side)
confirm-end-own-title = End your relationship with { $customer }?
confirm-end-own-explain = You will no longer be a partner of { $customer }: you will no longer see its subscriptions here, or administer it.
confirm-end-reseller-title = End the relationship of { $reseller } with { $customer }?
confirm-end-reseller-explain = On behalf of { $reseller }, you end its relationship with { $customer }: it can no longer administer the customer or support its subscriptions.
confirm-end-reseller-shared = { $reseller } also works with { $customer } through another provider, so ending this relationship is for { $customer } to decide: a global admin of { $customer } can remove { $reseller } on their Partners page. Nothing was changed.
confirm-end-reseller-shared-take-back = Take back what { $reseller } supports for you
confirm-affected-title-partner = What changes for the customer's subscriptions
confirm-affected-none-partner = No subscription changes designated support contact.
confirm-affected-partner = { $count ->
    [one] This subscription goes back to its provider's support, at once:
   *[other] These { $count } subscriptions go back to their provider's support, at once:
}
confirm-back-customer = Back to the customer

## Bulk changes (a reseller's page)
col-select = Select
reseller-could-title = Subscriptions { $reseller } could support
reseller-could-intro = { $reseller } holds delegated admin privileges with these customers, so it can be the designated support contact of these subscriptions of yours.
reseller-could-none = No other subscription of yours can have { $reseller } as its support contact: it needs a relationship with delegated admin privileges with the customer first.
bulk-assign-selected = Make { $reseller } the support contact of the selected ones
bulk-assign-all = { $count ->
    [one] Make { $reseller } the support contact of the one shown
   *[other] Make { $reseller } the support contact of the { $count } shown
}
bulk-release-selected = Make the selected ones yours again
bulk-release-all = { $count ->
    [one] Make the one shown yours again
   *[other] Make the { $count } shown yours again
}
bulk-none-selected = Select at least one subscription, or use the button for all of them. Nothing was changed.
bulk-conflict = { $subscription } changed, or stopped being eligible, while you were choosing. Nothing was changed: the lists below are as they are now; choose again.
flash-bulk-assigned = { $count ->
    [0] Nothing changed: { $name } already supported them.
    [one] { $name } is now the designated support contact of one more subscription.
   *[other] { $name } is now the designated support contact of { $count } more subscriptions.
}
flash-bulk-released = { $count ->
    [0] Nothing changed.
    [one] One subscription went from { $name } back to your support.
   *[other] { $count } subscriptions went from { $name } back to your support.
}
list-showing = { $shown } shown of { $total }, by customer name.
list-showing-more = { $shown } shown of more than { $total }, by customer name.
list-past-end = Nothing more in this list.
reseller-search-label = Customers whose name begins with
reseller-search-submit = Search
reseller-search-clear = Clear
reseller-search-none = No subscription in this list is at a customer whose name begins with “{ $search }”.
bulk-matching-note = The button for all matching changes every subscription of this list, on every page, not only those shown: each as it is when you press it, if it is still eligible.
bulk-matching-note-search = The button for all matching changes every subscription of this list at a customer whose name begins with “{ $search }”, on every page, not only those shown: each as it is when you press it, if it is still eligible.
bulk-assign-matching = { $count ->
    [one] Make { $reseller } the support contact of the one matching
   *[other] Make { $reseller } the support contact of all { $count } matching
}
bulk-assign-matching-more = Make { $reseller } the support contact of all matching (more than { $count })
bulk-release-matching = { $count ->
    [one] Make the one matching yours again
   *[other] Make all { $count } matching yours again
}
bulk-release-matching-more = Make all matching yours again (more than { $count })

## A reseller's provider
provider-you-support = { $count ->
    [0] you support none of its subscriptions
    [one] you support one of its subscriptions
   *[other] you support { $count } of its subscriptions
}
provider-end-explain = You will no longer be one of the resellers of { $provider }: it can no longer choose you as a support contact for its customers.
provider-end-consequence = { $count ->
    [0] No subscription changes support contact.
    [one] The one subscription you support for { $provider } goes back to its support, at once.
   *[other] The { $count } subscriptions you support for { $provider } go back to its support, at once.
}
provider-end-submit = End my authorization of { $provider }

## Invitations to become a provider's reseller
resellers-invite = Invite a reseller
resellers-invite-note = Makes a link to send to a reseller's admin. Accepting it, they authorize you as their indirect provider. The link works once, for 30 days.
flash-invitation-created = Invitation made. Send this link to the reseller's admin; it works once, for 30 days:
flash-invitation-accepted = You are now a reseller of { $provider }.
invitation-title = { $provider } invites you to be one of its resellers
invitation-explain = Accepting authorizes { $provider } as your indirect provider: it can then make you the designated support contact of its customers' subscriptions, where the customer has given you delegated admin privileges. You can end this authorization at any time.
invitation-closed = This invitation has been used already, or has expired. Ask the provider for a new one.
invitation-not-a-reseller = Only an indirect reseller organization can accept this invitation.
invitation-ask-an-admin = Only an admin agent of your organization can accept this invitation.
invitation-accept = Authorize { $provider }

## Activity
nav-activity = Activity
activity-title = Activity
activity-intro = Every change that concerns you, newest first, whoever made it: your people, your customers' admins, your resellers or providers. Changes nobody made (data loaded with the demo) show when you choose their kind.
dashboard-all-activity = All activity
change-relationship-removed = Relationship of { $from } with the customer ended
change-dap-removed = Delegated admin privileges of { $from } removed
change-authorization-started = { $from } authorized { $to } as its provider
change-authorization-ended = Authorization of { $to } by { $from } ended
invitations-open-title = Open invitations
invitation-open-line = Made { $made }, can be accepted until { $expires }
invitation-withdraw = Withdraw
flash-invitation-withdrawn = Invitation withdrawn: its link no longer works.
nav-api-keys = API keys
api-keys-title = API keys
api-keys-intro = Keys let your scripts use the REST API under /v1, sending "Authorization: Bearer" and the key. A key acts as its user, with their role: a helpdesk agent's key only reads. Revoking a key stops it at once.
api-keys-empty = No API key has been made yet.
api-keys-col-key = Key
api-keys-col-acts-as = Acts as
api-keys-col-created = Made
api-keys-col-last-used = Last used
api-keys-created-by = by { $who }
api-keys-created-by-operator = by an operator
api-keys-never-used = Never
api-keys-revoked-at = Revoked { $when }
api-keys-revoke = Revoke
api-keys-create = Make a key
api-keys-create-intro = The key acts as you. It is shown once, right after it is made: copy it then. Only a hash of it is kept.
api-keys-create-submit = Make key
api-keys-made = Key "{ $name }" made. Copy it now: it will not be shown again.
api-keys-secret-label = The new API key
api-keys-name-missing = Give the key a name.
api-keys-name-too-long = The name must be at most 200 characters, without control characters.
api-keys-read-only = Only admin agents make and revoke keys.
flash-api-key-revoked = API key revoked: it no longer works.
more-actions = More actions
subscription-suspend-ellipsis = Suspend…
subscription-details = Details
contact-current = current
contact-since = Set by { $actor } on { $when }.
col-why-not = Why not
col-what-to-do = What to do
reason-see-reseller = Open the reseller
suspend-title = Suspend { $name }?
suspend-text = { $customer } keeps the subscription, but it is suspended until you reactivate it. Its designated support contact stays { $contact }.
suspend-confirm = Suspend
cancel = Cancel
support-find = Find a product
support-shown = # shown
support-table-caption = Whom to call for each subscription
col-product = Product
col-supported-by = Supported by
support-contacts-title = Your support contacts
support-supports = { $count ->
    [one] Supports one subscription:
   *[other] Supports { $count } subscriptions:
}
col-actions = Actions
actions-for = Actions for { $name }
bulk-select-all = Select every subscription shown
bulk-selected = # selected

## Activity: the filter, the total, the pages, the export
col-customer = Customer
activity-filter-label = Filter the activity
activity-filter-customer = Customer name begins with
activity-filter-kind = Kind of change
activity-filter-from = From
activity-filter-to = To
activity-filter-submit = Filter
activity-filter-clear = Clear
activity-dates-note = From and To are whole days in UTC (Coordinated Universal Time).
activity-kind-people = Changes people made
activity-kind-all = Every change, also those nobody made
activity-group-subscriptions = Subscriptions
activity-group-relationships = Relationships
activity-group-organization = Your organization
activity-kind-contact-changed = Support contact changed
activity-kind-contact-reverted = Support contact back to the provider
activity-kind-subscription-added = Subscription added
activity-kind-subscription-status = Subscription suspended or reactivated
activity-kind-relationship-requested = Relationship requested
activity-kind-relationship-answered = Relationship accepted or declined
activity-kind-relationship-ended = Relationship or admin privileges removed
activity-kind-authorizations = Reseller authorizations and invitations
activity-kind-users = Users
activity-kind-api-keys = API keys
activity-kind-support-profile = Support profile
activity-problems = The filter was not applied:
activity-problem-customer = A customer name has at most { $max } characters.
activity-problem-kind = Choose a kind of change from the list.
activity-problem-from = “From” is not a date: write it as YYYY-MM-DD, such as 2026-03-02.
activity-problem-to = “To” is not a date: write it as YYYY-MM-DD, such as 2026-03-02.
activity-problem-reversed = “From” is after “To”.
activity-total = { $count ->
    [0] No changes
    [one] One change
   *[other] { $number } changes
}
activity-total-more = More than { $number } changes
activity-download = Download as CSV
activity-none = No change matches this filter.
activity-none-yet = Nobody has changed anything that concerns you yet. Changes nobody made, such as the demo's data, show when you choose their kind.
activity-past-end = No older changes.
activity-newest = Newest
activity-newer = Newer
activity-older = Older
actor-system = System (nobody)
actor-operator = Operator (command line)
csv-id = Change ID
csv-when = When (UTC)
csv-kind = Kind of change
csv-change = Change
csv-customer = Customer
csv-customer-id = Customer tenant ID
csv-subscription = Subscription
csv-subscription-id = Subscription ID
csv-by = By
csv-organization = Organization
change-relationship-requested = Relationship requested: { $detail }
change-request-revoked = Relationship request revoked
change-request-link = New link made for a relationship request
change-relationship-accepted = Relationship with { $to } accepted
change-relationship-accepted-dap = Relationship with { $to } accepted, with delegated admin privileges
change-relationship-declined = Relationship request of { $to } declined
change-invitation-created = Reseller invitation made
change-invitation-withdrawn = Reseller invitation withdrawn
change-user-created = User added: { $detail }
change-user-role = Role changed: { $detail }
change-user-disabled = User disabled: { $detail }
change-user-enabled = User enabled: { $detail }
change-user-password = Password set: { $detail }
change-user-password-link = Password link made: { $detail }
change-api-key-created = API key made
change-api-key-revoked = API key revoked
change-support-profile = Support profile changed
change-gdap-requested = GDAP relationship requested for { $to }: { $detail }
change-gdap-approved = GDAP relationship of { $to } approved: { $detail }
change-gdap-declined = GDAP relationship request of { $to } declined: { $detail }
change-gdap-terminated = GDAP relationship of { $to } terminated: { $detail }
change-gdap-expired = GDAP relationship of { $to } expired: { $detail }
change-gdap-extended = GDAP relationship of { $to } extended by 180 days: { $detail }
change-gdap-roles-required = Roles required of resellers' GDAP relationships: { $detail }
activity-kind-gdap = Granular delegated admin privileges (GDAP)

## A reseller's dashboard
nav-providers = Providers
stat-supported = { $count ->
    [one] subscription you are the designated support contact of
   *[other] subscriptions you are the designated support contact of
}
stat-pending-requests = { $count ->
    [one] pending relationship request
   *[other] pending relationship requests
}
dashboard-supports-title = Whose subscriptions you support
dashboard-supports-count = { $count ->
    [one] one subscription
   *[other] { $number } subscriptions
}
dashboard-supports-none = You are not the designated support contact of any subscription yet. A provider you authorized can choose you for a customer's subscription once that customer has given you delegated admin privileges: ask for them with a relationship request.
dashboard-request-new = Request a relationship
dashboard-pending-title = Your pending relationship requests
dashboard-pending-none = None of your relationship requests is waiting for an answer. To be chosen as a customer's support contact, ask the customer for a relationship with delegated admin privileges on the Requests page.
dashboard-pending-all = { $count ->
    [one] The pending request
   *[other] All { $number } pending requests
}
dashboard-no-changes-reseller = Nobody has changed anything that concerns you yet. When a provider makes you the designated support contact of a subscription, or a customer answers your request, it shows here.

## Granular delegated admin privileges (GDAP)
nav-gdap = GDAP
gdap-title = Granular delegated admin privileges
gdap-partner-intro = Your relationships with customers that grant you Microsoft Entra roles for a time. A reseller is a choice of designated support contact only while it holds an active one with the customer.
gdap-expiring-title = Expiring within 30 days
gdap-pending-title = Awaiting the customer's approval
gdap-all-title = All relationships
gdap-partner-none = No GDAP relationships yet. Ask a customer for one from the customer's page.
gdap-list-capped = { $count ->
    [one] Only the newest relationship is listed.
   *[other] Only the newest { $count } relationships are listed.
}
gdap-col-name = Display name
gdap-col-roles = Roles
gdap-col-end = Ends
gdap-col-auto-extend = Auto-extend
gdap-col-reseller = Reseller
gdap-col-provider = Required by
gdap-col-required = Needs one of
gdap-short-title = Missing the roles a provider requires
gdap-short-intro-provider = Your resellers' active relationships with your customers that hold none of the roles you require. They give the reseller no delegated access under you: it is not a choice of support contact at these customers until it has a relationship with one of them.
gdap-short-intro-reseller = Your active relationships that hold none of the roles a provider you work through requires. Under that provider they give you no delegated access: ask the customer for a new relationship with one of the roles.
gdap-short-ask = Ask again with a required role
gdap-status-pending = Awaiting approval
gdap-status-active = Active
gdap-status-expiring = Expiring
gdap-status-expired = Expired
gdap-status-terminated = Terminated
gdap-ended = How it ended
gdap-ended-declined = Declined by the customer
gdap-ended-by-partner = Terminated by the partner
gdap-ended-by-customer = Terminated by the customer
gdap-ended-lapsed = Not answered within 90 days
gdap-ended-expired = Reached its end date
gdap-role-separator = { ", " }
gdap-role-helpdesk-administrator = Helpdesk Administrator
gdap-role-helpdesk-administrator-about = Resets passwords and handles service requests for users who are not admins.
gdap-role-service-support-administrator = Service Support Administrator
gdap-role-service-support-administrator-about = Opens and follows support requests with Microsoft and reads the health of the services.
gdap-role-user-administrator = User Administrator
gdap-role-user-administrator-about = Creates and manages users and groups, and resets the passwords of users who are not admins.
gdap-role-license-administrator = License Administrator
gdap-role-license-administrator-about = Assigns, removes and updates users' licenses.
gdap-role-global-reader = Global Reader
gdap-role-global-reader-about = Sees everything a Global Administrator sees, and changes nothing.
gdap-role-directory-readers = Directory Readers
gdap-role-directory-readers-about = Reads basic information about the organization's users, groups and devices.
gdap-role-security-reader = Security Reader
gdap-role-security-reader-about = Reads security reports, alerts and settings.
gdap-role-billing-administrator = Billing Administrator
gdap-role-billing-administrator-about = Makes purchases, manages subscriptions and billing, and opens support requests.
gdap-role-exchange-administrator = Exchange Administrator
gdap-role-exchange-administrator-about = Manages mailboxes and every setting of Exchange Online.
gdap-role-sharepoint-administrator = SharePoint Administrator
gdap-role-sharepoint-administrator-about = Manages SharePoint Online sites and OneDrive.
gdap-role-teams-administrator = Teams Administrator
gdap-role-teams-administrator-about = Manages Microsoft Teams, with its meetings, calls and policies.
gdap-role-global-administrator = Global Administrator
gdap-role-global-administrator-about = Controls every service and setting of the organization, admins included.
gdap-required-title = Roles you require of your resellers' GDAP relationships
gdap-required-intro = A reseller is a choice of designated support contact for a customer only when its active GDAP relationship with that customer includes at least one of these roles.
gdap-required-none = You require no particular role: any active GDAP relationship will do.
gdap-required-now = You require one of: { $roles }.
gdap-required-legend = Required roles (any one of them will do)
gdap-required-consequence = Subscriptions supported by a reseller that no longer qualifies go back to you, each recorded in Activity.
gdap-required-submit = Save the required roles
gdap-ask = Ask for GDAP
gdap-new-same-roles = New request with the same roles
gdap-created = Requested
gdap-activated = Approved
gdap-duration = Duration
gdap-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
gdap-terminate = Terminate
gdap-terminate-title = Terminate { $name }
gdap-terminate-submit = Terminate the relationship
gdap-terminate-confirm-first = Nothing was changed: confirm with the button below to terminate it.
gdap-terminate-explain = { $customer } stops granting these roles at once. A request not yet answered is withdrawn.
gdap-terminate-explain-customer = { $partner } loses these roles in your organization at once.
gdap-going-none = No subscription's designated support contact changes.
gdap-going = { $count ->
    [one] This subscription's designated support contact goes back to its provider:
   *[other] These { $count } subscriptions' designated support contact goes back to their provider:
}
gdap-already-ended = This relationship has already ended.
gdap-request-title = Ask { $customer } for GDAP
gdap-request-intro = { $customer } receives a link: one of its admins approves or declines what you ask for here.
gdap-request-copied = The roles, duration and auto-extend of { $name } are filled in. Give the new relationship a name of its own.
gdap-request-admins-only = Only admin agents can ask for a GDAP relationship.
gdap-name-hint = Up to 50 characters, and unique among your relationships.
gdap-duration-days = Duration in days
gdap-duration-hint = From { $min } to { $max } days; an ISO 8601 duration such as P90D also works.
gdap-auto-extend-label = Extend automatically when it ends
gdap-auto-extend-hint = { $count ->
    [one] Renews it by 1 day each time. Not allowed with Global Administrator.
   *[other] Renews it by { $count } days each time. Not allowed with Global Administrator.
}
gdap-auto-extend-yes = { $count ->
    [one] Yes, by 1 day each time
   *[other] Yes, by { $count } days each time
}
gdap-request-submit = Ask for the relationship
gdap-problem-name-required = Give the relationship a display name.
gdap-problem-name-too-long = The display name can be { $max } characters at most.
gdap-problem-name-duplicate = You already have a relationship with this display name.
gdap-problem-no-roles = Choose at least one role.
gdap-problem-unknown-role = One of the roles sent is not one this form offers.
gdap-problem-duration-not-iso = Give the duration as a number of days, or as an ISO 8601 duration such as P90D.
gdap-problem-duration-out-of-range = The duration must be from 1 day to 2 years (730 days).
gdap-problem-auto-extend-global-admin = Auto-extend is not allowed with Global Administrator: remove one or the other.
gdap-requested-title = GDAP relationship asked of { $customer }
gdap-send-intro = This link works once and lapses after 90 days. It is shown only now: if it is lost, terminate the request and ask again.
gdap-email-text = Hello,

    { $partner } asks { $customer } for granular delegated admin privileges with these roles: { $roles }.

    An admin of { $customer } can approve or decline the request here:
    { $link }

    Thank you.
gdap-requested-next = { $count ->
    [one] Once approved, the relationship is active for 1 day.
   *[other] Once approved, the relationship is active for { $count } days.
}
gdap-requested-see = See the relationship
gdap-link-title = Granular delegated admin privileges request
gdap-link-explain = { $partner } asks for admin roles in your organization, for a limited time.
gdap-link-not-valid = This link is not valid any more.
gdap-link-not-valid-explain = It was answered already, withdrawn, or never existed. Ask the partner for a new one if you still need it.
gdap-link-other-organization = This link is for another organization.
gdap-link-other-organization-explain = Sign in with an admin account of the organization the partner sent it to.
gdap-link-customers-only = This link is for an admin of the customer organization. Sign out and sign in with that account.
gdap-link-lapsed = This request was not answered within { $days } days and has lapsed: it can no longer be approved.
gdap-end-if-approved = Ends, if approved now
gdap-roles-asked = Roles asked for
gdap-link-answer-explain = Approving grants these roles at once until the end date; you can terminate the relationship at any time on your Partners page.
gdap-approve = Approve
gdap-decline = Decline
gdap-customer-intro = Partners with admin roles in your organization, for a time. Terminating one takes its roles away at once.
gdap-customer-none = No partner has asked for GDAP yet.
dashboard-gdap-expiring = GDAP relationships to look at
dashboard-gdap-short = { $count ->
    [one] { $count } active relationship is missing the roles a provider requires
   *[other] { $count } active relationships are missing the roles a provider requires
}
dashboard-gdap-all = All GDAP relationships
flash-gdap-roles-required = The required roles are saved.
flash-gdap-terminated = { $name } is terminated.
flash-gdap-already-ended = That relationship had already ended: nothing changed.
flash-gdap-approved = You approved the GDAP relationship of { $partner }.
flash-gdap-declined = You declined the GDAP relationship of { $partner }.
nav-support-profile = Support profile
support-profile-title = Support profile
support-profile-intro = The e-mail address, telephone number and website your customers see on their Support page for every subscription you support.
support-profile-problems = Some of what you typed cannot be used; nothing was saved. Each field says why.
support-profile-form = How customers reach your support
support-profile-telephone-hint = An international number: + and the country code, then 8 to 15 digits in all; spaces, hyphens, dots and brackets may group them.
support-profile-email-invalid = Enter an e-mail address, such as support@example.com.
support-profile-telephone-invalid = Enter an international number starting with + and the country code, such as +1 425 555 0100.
support-profile-website-invalid = Enter a website address starting with https://, such as https://support.example.com.
support-profile-save = Save
support-profile-preview = Preview
support-profile-read-only = Only an admin agent can change it.
support-profile-preview-title = What customers see
support-profile-not-saved = A preview of what you typed: it is not saved yet.
support-profile-no-preview = The preview shows once every field can be used.
flash-support-profile-saved = Support profile saved: customers see it on their Support page now.

## Notifications
notifications-title = Notifications
notifications-none = Nothing to tell yet. You hear here (and by e-mail, for admins) when your organization becomes or stops being a support contact, when a customer's contacts change, of relationship requests and of GDAP relationships about to end.
notifications-unread = { $count ->
    [one] 1 unread
   *[other] { $count } unread
}
notifications-mark-read = Mark all as read
notifications-older = Older notifications
notifications-new = New
notifications-more = { $count ->
    [one] and 1 more subscription
   *[other] and { $count } more subscriptions
}
flash-notifications-read = Every notification is marked as read.
notice-contact-gained = { $count ->
    [one] { $partner } is now the designated support contact of a subscription
   *[other] { $partner } is now the designated support contact of { $count } subscriptions
}
notice-contact-lost = { $count ->
    [one] { $partner } is no longer the designated support contact of a subscription
   *[other] { $partner } is no longer the designated support contact of { $count } subscriptions
}
notice-contact-reverted = { $count ->
    [one] { $partner } stopped being eligible: a subscription it supported went back to its provider
   *[other] { $partner } stopped being eligible: { $count } subscriptions it supported went back to their provider
}
notice-customer-contacts = { $count ->
    [one] The designated support contact of one of your subscriptions changed
   *[other] The designated support contact of { $count } of your subscriptions changed
}
notice-relationship-requested = { $partner } asks { $company } for a relationship
notice-gdap-expiring = The GDAP relationship { $name } with { $customer } ends in { $days }
notice-line = { $subscription } at { $customer }: { $from } → { $to }
mail-open = Open it in support-contacts:
mail-request-open = To answer, open this link (it works once):
mail-footer = You receive this because of your role in your organization's support-contacts account.

nav-relationships = Relationships
relationships-title = Relationships
relationships-intro = Every relationship of your customers that you can see: yours, and those of the partners you work with (your resellers, or your providers), with their delegated access as it is now.
relationships-filter-label = Filter relationships
relationships-filter-customer = Customer name or domain contains
relationships-filter-state = State
relationships-filter-access = Delegated access
relationships-filter-submit = Filter
relationships-state-any = Active and removed
relationships-state-active = Active
relationships-state-removed = Removed
relationships-access-any = Any
relationships-access-legacy = Legacy DAP
relationships-access-gdap = GDAP
relationships-access-none = None
relationships-until = until
relationships-sort = Order
relationships-sort-customer = Customer, A to Z
relationships-sort-customer-desc = Customer, Z to A
relationships-sort-since-desc = Newest first
relationships-sort-since = Oldest first
relationships-unknown-filter = Part of this address asks for a filter or an order this page does not have; it was left out.
relationships-total = { $count ->
    [0] No relationships
    [one] One relationship
   *[other] { $number } relationships
}
relationships-total-more = More than { $number } relationships
relationships-download = Download as CSV
relationships-none = None of your customers has a relationship you can see yet.
relationships-none-filtered = No relationship matches this filter.
relationships-past-end = No more relationships this way.
relationships-col-partner = Partner
relationships-col-role = Role
relationships-col-access = Delegated access
relationships-col-since = Since
relationships-col-state = State
relationships-role-provider = Provider
relationships-role-reseller = Reseller
relationships-csv-partner = Partner
relationships-csv-mpn = Partner MPN ID
relationships-csv-role = Role
relationships-csv-access = Delegated access
relationships-csv-until = Delegated access until (UTC)
relationships-csv-since = Since (UTC)
relationships-csv-state = State

## A customer admin's audit log
nav-audit = Audit log
audit-title = Audit log
audit-intro = What happened in your organization, newest first, whoever did it: your partners, your own admins or an operator. Support contacts of your subscriptions, relationships and admin privileges, your users, and sign-ins refused to them. Changes nobody made (data loaded with the demo) show when you choose their kind.
audit-filter-subscription = Subscription
audit-filter-any-subscription = All subscriptions
audit-problem-subscription = The subscription is not a subscription ID, such as 8f2a1c3e-0b4d-4e6f-9a7b-1c2d3e4f5a6b.
audit-none-yet = Nothing has happened in your organization yet. Changes nobody made, such as the demo's data, show when you choose their kind.
activity-kind-sign-ins = Sign-ins refused
change-sign-in-blocked = Sign-in to this account refused for a while after repeated wrong passwords (last try from { $ip })
change-sign-in-address-blocked = Sign-ins from { $ip } refused for a while after repeated wrong passwords, this account among those tried
col-before = Before
col-after = After
csv-before = Before
csv-after = After
csv-email = E-mail

# Default support contact for new subscriptions (customer page)
default-contact-title = Default support contact for new subscriptions
default-contact-intro = New subscriptions you add for this customer start with this partner as their designated support contact. It must be eligible (one of your resellers with delegated admin access to the customer); if it stops being eligible, the default goes back to you.
default-contact-legend = Start new subscriptions with
default-contact-provider = { $name } (you, the provider itself)
default-contact-submit = Save default
default-contact-none-eligible = None of your resellers is eligible for this customer yet.
default-contact-is = New subscriptions start with { $name }.
default-contact-is-provider = New subscriptions start with you, their provider.
default-contact-not-eligible-now = { $name } is the default but is not eligible now: new subscriptions start with you until it is cleared or becomes eligible again.
default-contact-error-not-eligible = That partner cannot be the default: it is not an eligible support contact for { $customer } now. Nothing was changed.
flash-default-contact-set = New subscriptions for this customer now start with { $name }.
contact-from-default = { $name } is the contact this subscription started with, from the default support contact set for the customer.
change-default-contact-set = Default support contact for new subscriptions: { $from } → { $to }
change-default-contact-cleared = Default support contact for new subscriptions back to the provider, no longer eligible: { $from } → { $to }
change-subscription-created-default = Subscription added, supported by { $to } (the customer's default support contact)

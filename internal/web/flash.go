package web

// flashMessages are the confirmations shown after a change, chosen by the
// "done" query parameter of the page a form redirects to (never free text
// from the request).
var flashMessages = map[string]string{ // #nosec G101 -- messages shown to people, not credentials
	"signed-in":        "You are signed in.",
	"signed-out":       "You are signed out.",
	"password":         "Your password was changed. Your other sessions were ended.",
	"totp-removed":     "The second factor was removed.",
	"session-revoked":  "The session was ended.",
	"token-revoked":    "The API token was revoked.",
	"account-created":  "The account was created.",
	"account-disabled": "The account was disabled; its sessions and API tokens stopped working.",
	"contact-saved":    "The point of contact was saved.",
	"contact-removed":  "The point of contact was removed.",
	// Notifications and accounts by mail (issue 10).
	"notification-read":  "The notification was marked read.",
	"notifications-read": "Every notification was marked read.",
	"settings-saved":     "Your notification settings were saved.",
	"followed":           "You follow it now: napx tells you of its published changes. Your notification settings list what you follow.",
	"unfollowed":         "You no longer follow it.",
	"reset-asked":        "If an account uses this address, a link to choose a new password is on its way. It works once, for an hour.",
	"password-set":       "Your password is set. Sign in with it.",
	"invited":            "The invitation was sent. The link in it works once, for seven days.",
	"invite-resent":      "The invitation was sent again; the earlier link no longer works.",
	"job-retried":        "The job will run again now.",
}

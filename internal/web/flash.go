package web

// flashMessages are the confirmations shown after a change, chosen by the
// "done" query parameter of the page a form redirects to (never free text
// from the request): the shared ones and each feature's, assembled here.
var flashMessages = mergeNamed("flash message", accountFlash, napFlash, matrixFlash, eventFlash, historyFlash, notificationFlash, assistanceFlash, practiceFlash)

// accountFlash holds the confirmations of the account and directory pages.
var accountFlash = map[string]string{ // #nosec G101 -- messages shown to people, not credentials
	"signed-in":        "You are signed in.",
	"oidc-added":       "The sign-in provider was added.",
	"oidc-removed":     "The sign-in provider was removed.",
	"signed-out":       "You are signed out.",
	"password":         "Your password was changed. Your other sessions were ended.",
	"totp-removed":     "The second factor was removed.",
	"session-revoked":  "The session was ended.",
	"token-revoked":    "The API token was revoked.",
	"account-created":  "The account was created.",
	"account-disabled": "The account was disabled; its sessions and API tokens stopped working.",
	"contact-saved":    "The point of contact was saved.",
	"contact-removed":  "The point of contact was removed.",
}

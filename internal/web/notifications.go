package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// Notifications, accounts by mail and the operations pages (issue 10).
func (h *Handler) registerNotifications(rt *httpx.Router) {
	rt.Handle("GET", "/notifications", h.wrap(h.showInbox))
	rt.Handle("POST", "/notifications/{id}/read", h.wrap(h.markRead))
	rt.Handle("POST", "/notifications/read-all", h.wrap(h.markAllRead))
	rt.Handle("GET", "/notifications/settings", h.wrap(h.showNotificationSettings))
	rt.Handle("POST", "/notifications/settings", h.wrap(h.saveNotificationSettings))
	rt.Handle("POST", "/notifications/follows", h.wrap(h.follow))
	rt.Handle("POST", "/notifications/follows/delete", h.wrap(h.unfollow))
	rt.Handle("GET", "/signin/forgot", h.wrap(h.showForgot))
	rt.Handle("POST", "/signin/forgot", h.wrap(h.forgot))
	rt.Handle("GET", "/account/password", h.wrap(h.showPasswordLink))
	rt.Handle("POST", "/account/password/set", h.wrap(h.usePasswordLink))
	rt.Handle("POST", "/accounts/invite", h.wrap(h.invite))
	rt.Handle("POST", "/accounts/invite/resend", h.wrap(h.resendInvitation))
	rt.Handle("GET", "/admin/jobs", h.wrap(h.showJobs))
	rt.Handle("POST", "/admin/jobs/{id}/retry", h.wrap(h.retryJob))
	rt.Handle("GET", "/admin/outbox", h.wrap(h.showOutbox))
	rt.Handle("GET", "/admin/outbox/{name}", h.wrap(h.showOutboxMessage))
}

type inboxPage struct {
	Base
	Inbox service.Inbox
}

func (h *Handler) showInbox(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	in, err := h.svc.Notifications.Inbox(r.Context(), v, before)
	if err != nil {
		return err
	}
	p := &inboxPage{Inbox: in}
	p.Title, p.Section = h.printer(r).T("notifications.title"), "notifications"
	return h.render(w, r, http.StatusOK, "notifications", p)
}

func (h *Handler) markRead(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := h.svc.Notifications.MarkRead(r.Context(), v, id, nil); err != nil {
		return err
	}
	redirect(w, r, "/notifications?done=notification-read", http.StatusSeeOther)
	return nil
}

func (h *Handler) markAllRead(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Notifications.MarkAllRead(r.Context(), v, nil); err != nil {
		return err
	}
	redirect(w, r, "/notifications?done=notifications-read", http.StatusSeeOther)
	return nil
}

type settingsPage struct {
	Base
	Settings   []service.Setting
	Deliveries []model.Delivery
	Follows    []model.Follow
	FollowKind string
	Target     string
}

func (h *Handler) settingsPage(r *http.Request, v model.Viewer) (*settingsPage, error) {
	settings, err := h.svc.Notifications.Settings(r.Context(), v)
	if err != nil {
		return nil, err
	}
	follows, err := h.svc.Notifications.Follows(r.Context(), v)
	if err != nil {
		return nil, err
	}
	p := &settingsPage{Settings: settings, Deliveries: model.Deliveries, Follows: follows, FollowKind: "state"}
	p.Title, p.Section = h.printer(r).T("notifications.settings.title"), "notifications"
	return p, nil
}

func (h *Handler) showNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	p, err := h.settingsPage(r, v)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "notification_settings", p)
}

func (h *Handler) saveNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	in := model.NotificationSettingsInput{Deliveries: map[string]string{}}
	for _, k := range model.NoticeKinds {
		if d := r.PostFormValue("kind:" + string(k.Kind)); d != "" {
			in.Deliveries[string(k.Kind)] = d
		}
	}
	if _, err := h.svc.Notifications.SetSettings(r.Context(), v, service.Given(in)); err != nil {
		probs, ok := model.AsProblems(err)
		if !ok {
			return err
		}
		p, perr := h.settingsPage(r, v)
		if perr != nil {
			return perr
		}
		p.Problems = model.Problems{}
		for k, msg := range probs {
			p.Problems["kind-"+k] = msg
		}
		return h.render(w, r, http.StatusUnprocessableEntity, "notification_settings", p)
	}
	redirect(w, r, "/notifications/settings?done=settings-saved", http.StatusSeeOther)
	return nil
}

// followInput reads kind and target from a form.
func followInput(r *http.Request) model.FollowInput {
	return model.FollowInput{Kind: r.PostFormValue("kind"), Target: r.PostFormValue("target")}
}

func (h *Handler) follow(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	in := followInput(r)
	back := r.PostFormValue("back")
	_, err = h.svc.Notifications.Follow(r.Context(), v, service.Given(in))
	if err != nil {
		// From the settings page, a State or group code that does not
		// exist is bad input there; anything else answers as usual.
		t, p := in.Validate()
		byCode := t.Kind == model.FollowState || t.Kind == model.FollowGroup
		if back == "" && (len(p) > 0 || byCode && errors.Is(err, model.ErrNotFound)) {
			page, perr := h.settingsPage(r, v)
			if perr != nil {
				return perr
			}
			page.FollowKind, page.Target = in.Kind, in.Target
			if len(p) == 0 {
				p = model.Problems{}
				if t.Kind == model.FollowGroup {
					p.Add("target", "there is no group with the code %q", t.Target)
				} else {
					p.Add("target", "there is no State with the code %q", t.Target)
				}
			}
			page.Problems = p
			return h.render(w, r, http.StatusUnprocessableEntity, "notification_settings", page)
		}
		return err
	}
	if back != "" {
		redirect(w, r, withDone(localNext(back), "followed"), http.StatusSeeOther)
		return nil
	}
	redirect(w, r, "/notifications/settings?done=followed#follows", http.StatusSeeOther)
	return nil
}

func (h *Handler) unfollow(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if err := h.svc.Notifications.Unfollow(r.Context(), v, service.Given(followInput(r))); err != nil {
		return err
	}
	redirect(w, r, "/notifications/settings?done=unfollowed#follows", http.StatusSeeOther)
	return nil
}

type forgotPage struct {
	Base
	Email string
}

func (h *Handler) showForgot(w http.ResponseWriter, r *http.Request) error {
	p := &forgotPage{}
	p.Title = h.printer(r).T("auth.forgot.title")
	return h.render(w, r, http.StatusOK, "forgot", p)
}

func (h *Handler) forgot(w http.ResponseWriter, r *http.Request) error {
	p := &forgotPage{Email: strings.TrimSpace(r.PostFormValue("email"))}
	p.Title = h.printer(r).T("auth.forgot.title")
	if err := h.svc.Accounts.RequestReset(r.Context(), p.Email, httpx.ClientIP(r)); err != nil {
		if probs, ok := model.AsProblems(err); ok {
			p.Problems = probs
			return h.render(w, r, http.StatusUnprocessableEntity, "forgot", p)
		}
		return err
	}
	// The same answer whether or not the address has an account.
	redirect(w, r, "/signin?done=reset-asked", http.StatusSeeOther)
	return nil
}

type passwordLinkPage struct {
	Base
	Token string
	Link  service.LinkView
	Error string
	// Providers offer to sign in through the organisation's provider
	// instead of setting a password (issue 19).
	Providers []service.ProviderChoice
}

func (h *Handler) passwordLink(w http.ResponseWriter, r *http.Request, token string, status int, err error) error {
	p := &passwordLinkPage{Token: token}
	p.Title = h.printer(r).T("auth.link.title")
	lv, lerr := h.svc.Accounts.Link(r.Context(), token)
	if lerr != nil {
		probs, ok := model.AsProblems(lerr)
		if !ok {
			return lerr
		}
		p.Error, p.Token = probs["link"], ""
		p.Title = h.printer(r).T("auth.link.bad.title")
		w.Header().Set("Cache-Control", "no-store")
		return h.render(w, r, http.StatusGone, "password_link", p)
	}
	p.Link = lv
	if lv.Purpose == "invite" {
		ps, perr := h.svc.OIDC.ForInvitation(r.Context(), token)
		if perr != nil {
			return perr
		}
		p.Providers = ps
	}
	if probs, ok := model.AsProblems(err); ok {
		if msg := probs["link"]; msg != "" {
			p.Error, p.Token = msg, ""
			return h.render(w, r, http.StatusGone, "password_link", p)
		}
		p.Problems = probs
	} else if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, status, "password_link", p)
}

func (h *Handler) showPasswordLink(w http.ResponseWriter, r *http.Request) error {
	return h.passwordLink(w, r, r.URL.Query().Get("token"), http.StatusOK, nil)
}

func (h *Handler) usePasswordLink(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	pw := r.PostFormValue("password")
	if pw != r.PostFormValue("password2") {
		return h.passwordLink(w, r, token, http.StatusUnprocessableEntity, model.Problems{"password2": "the two passwords differ"})
	}
	if _, err := h.svc.Accounts.UseLink(r.Context(), token, pw, httpx.ClientIP(r)); err != nil {
		return h.passwordLink(w, r, token, http.StatusUnprocessableEntity, err)
	}
	// Every session of the account ended: sign in with the new password.
	httpx.ClearSessionCookie(w, r, h.opts.SecureCookies)
	redirect(w, r, "/signin?done=password-set", http.StatusSeeOther)
	return nil
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	in := service.InviteInput{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Org: r.PostFormValue("org"), Role: r.PostFormValue("role"),
		Language: r.PostFormValue("language")}
	if !v.IsAdmin() {
		in.Org = v.Org()
	}
	_, err = h.svc.Accounts.Invite(r.Context(), v, in)
	if probs, ok := model.AsProblems(err); ok {
		p, perr := h.accountsPage(r, v)
		if perr != nil {
			return perr
		}
		p.Invite, p.Problems = in, model.Problems{}
		for k, msg := range probs {
			p.Problems["invite-"+k] = msg
		}
		return h.render(w, r, http.StatusUnprocessableEntity, "accounts", p)
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/accounts?done=invited&who="+url.QueryEscape(strings.TrimSpace(in.Email)), http.StatusSeeOther)
	return nil
}

func (h *Handler) resendInvitation(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	if err := h.svc.Accounts.ResendInvitation(r.Context(), v, r.PostFormValue("email")); err != nil {
		return err
	}
	redirect(w, r, "/accounts?done=invite-resent&who="+url.QueryEscape(strings.TrimSpace(r.PostFormValue("email"))), http.StatusSeeOther)
	return nil
}

type jobsPage struct {
	Base
	Jobs   service.JobsPage
	States []string
}

func (h *Handler) showJobs(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	jp, err := h.svc.Jobs.List(r.Context(), v, r.URL.Query().Get("state"))
	if err != nil {
		return err
	}
	p := &jobsPage{Jobs: jp, States: service.JobStates}
	p.Title = h.printer(r).T("admin.jobs.title")
	return h.render(w, r, http.StatusOK, "admin_jobs", p)
}

func (h *Handler) retryJob(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.Jobs.Retry(r.Context(), v, id); err != nil {
		return err
	}
	redirect(w, r, "/admin/jobs?state=available&done=job-retried", http.StatusSeeOther)
	return nil
}

type outboxPage struct {
	Base
	Transport string
	Mail      []service.OutboxMail
	Log       []service.MailLogEntry
}

func (h *Handler) showOutbox(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	mail, err := h.svc.Mail.Outbox(r.Context(), v)
	if err != nil {
		return err
	}
	log, err := h.svc.Mail.Log(r.Context(), v)
	if err != nil {
		return err
	}
	p := &outboxPage{Transport: h.svc.Mail.Transport(), Mail: mail, Log: log}
	p.Title = h.printer(r).T("admin.mail.title")
	return h.render(w, r, http.StatusOK, "admin_outbox", p)
}

type outboxMessagePage struct {
	Base
	Mail service.OutboxMail
}

func (h *Handler) showOutboxMessage(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	m, err := h.svc.Mail.OutboxMessage(r.Context(), v, r.PathValue("name"))
	if err != nil {
		return err
	}
	p := &outboxMessagePage{Mail: m}
	p.Title = m.Subject
	if m.Withheld != "" {
		p.Title = h.printer(r).T("admin.mail.withheld")
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "admin_outbox_message", p)
}

// followForm is what the "follow" partial needs.
func followForm(kind string, target any, label string, b *Base) map[string]any {
	return map[string]any{"Kind": kind, "Target": target, "Label": label, "Back": b.Path, "CSRF": b.CSRF, "SignedIn": b.Viewer.SignedIn()}
}

// notificationFuncs are the template functions of the notification pages.
var notificationFuncs = template.FuncMap{
	"follow": func(kind string, target any, label string, b Base) map[string]any {
		return followForm(kind, target, label, &b)
	},
	"deliveryChecked": func(s service.Setting, d model.Delivery) bool { return s.Delivery == d },
	"outboxURL":       func(name string) string { return "/admin/outbox/" + url.PathEscape(name) },
}

// notificationFlash holds the confirmations of the notification, account
// mail and operations pages.
var notificationFlash = map[string]string{ // #nosec G101 -- messages shown to people, not credentials
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

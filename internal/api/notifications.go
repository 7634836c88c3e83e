package api

import (
	"net/http"
	"strconv"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

// The wire types of notifications (issue 10). Their schemas are reflected
// (wireTypes); the kinds, deliveries and follow kinds are the model's
// lists (enumLists, typeEnums).

type notificationJSON struct {
	ID      int64            `json:"id"`
	Kind    model.NoticeKind `json:"kind"`
	Title   string           `json:"title" doc:"in the request's language (lang says which)"`
	Body    string           `json:"body,omitempty" doc:"the text of the e-mail, in the request's language"`
	Lang    string           `json:"lang" doc:"the language of title and body: the request's, or en for a notification made before notices had keys"`
	Key     string           `json:"key,omitempty" doc:"the title's message key in napx's catalogues (absent on a notification made before)"`
	Args    []model.MsgArg   `json:"args,omitempty" doc:"the title's arguments"`
	BodyKey string           `json:"body_key,omitempty" doc:"the body's message key, when the body is napx's words"`
	BodyArg []model.MsgArg   `json:"body_args,omitempty" doc:"the body's arguments"`
	URL     string           `json:"url" doc:"a path on this site"`
	Read    bool             `json:"read"`
	Created time.Time        `json:"created"`
}

func notificationOut(n model.Notification) notificationJSON {
	return notificationJSON{ID: n.ID, Kind: n.Kind, Title: n.Title, Body: n.Body, Lang: n.Lang, Key: n.Msg.Key, Args: n.Msg.Args,
		BodyKey: n.BodyMsg.Key, BodyArg: n.BodyMsg.Args, URL: n.URL, Read: n.Read(), Created: n.CreatedAt}
}

// notificationListJSON is a page of the inbox with the unread count.
type notificationListJSON struct {
	Items  []notificationJSON `json:"items"`
	Unread int                `json:"unread" doc:"your unread notifications"`
	Next   string             `json:"next,omitempty" doc:"the address of the next page; absent on the last page"`
}

type readAllJSON struct {
	Marked int64 `json:"marked" doc:"notifications marked read"`
	Unread int   `json:"unread" doc:"unread left (0)"`
}

func readAllOut(r service.ReadAll) readAllJSON {
	return readAllJSON{Marked: r.Marked, Unread: r.Unread}
}

type settingJSON struct {
	Kind      model.NoticeKind `json:"kind"`
	Delivery  model.Delivery   `json:"delivery"`
	Label     string           `json:"label" doc:"what the kind is about, in words"`
	Default   model.Delivery   `json:"default" doc:"the delivery when you have not chosen"`
	Mandatory bool             `json:"mandatory" doc:"true: cannot be turned off or delayed"`
}

func settingsOut(ss []service.Setting) list[settingJSON] {
	out := make([]settingJSON, len(ss))
	for i, s := range ss {
		out[i] = settingJSON{Kind: s.Kind, Delivery: s.Delivery, Label: s.Label, Default: s.Default, Mandatory: s.Mandatory}
	}
	return newList(out)
}

// settingIn is one kind's delivery as a client sends it. The read-only
// fields of the GET answer may be sent back: they are ignored.
type settingIn struct {
	Kind      string `json:"kind" enum:"NoticeKinds"`
	Delivery  string `json:"delivery" enum:"Deliveries"`
	Label     string `json:"label,omitempty" doc:"read-only: ignored"`
	Default   string `json:"default,omitempty" doc:"read-only: ignored"`
	Mandatory bool   `json:"mandatory,omitempty" doc:"read-only: ignored"`
}

// settingsIn is a change of deliveries: the kinds named change, the
// others stay.
type settingsIn struct {
	Items []settingIn `json:"items"`
}

func (in settingsIn) input() (model.NotificationSettingsInput, error) {
	out := model.NotificationSettingsInput{Deliveries: map[string]string{}}
	for i, s := range in.Items {
		if _, twice := out.Deliveries[s.Kind]; twice {
			return out, model.Problems{"items." + strconv.Itoa(i) + ".kind": "names a kind already given"}
		}
		out.Deliveries[s.Kind] = s.Delivery
	}
	return out, nil
}

type followJSON struct {
	Kind    model.FollowKind `json:"kind"`
	Target  string           `json:"target" doc:"a State's or group's code, or a plan's or event's id"`
	Label   string           `json:"label" doc:"what is followed, in words"`
	URL     string           `json:"url" doc:"its page on this site"`
	Created *time.Time       `json:"created,omitempty"`
}

func followOut(f model.Follow) followJSON {
	out := followJSON{Kind: f.Kind, Target: f.Target, Label: f.Label, URL: f.URL}
	if !f.CreatedAt.IsZero() {
		t := f.CreatedAt
		out.Created = &t
	}
	return out
}

func (h *Handler) registerNotifications(rt *httpx.Router) {
	idParam := httpx.Param{Name: "id", In: "path", Required: true, Schema: httpx.Schema{"type": "integer"}}
	rt.Handle("GET", Prefix+"/notifications", h.wrap(h.listNotifications), httpx.Doc(httpx.Op{
		ID: "listNotifications", Tag: "notifications", Summary: "Your notifications, newest first",
		Description: "Paged with `limit` and `cursor`: `next` is the address of the next page. `unread` counts your unread notifications. 401 without an account.",
		Responses:   map[int]httpx.Answer{200: {Description: "a page of notifications", Schema: ref("NotificationList")}},
	}))
	rt.Handle("POST", Prefix+"/notifications/read-all", h.wrap(h.readAllNotifications), httpx.Doc(httpx.Op{
		ID: "readAllNotifications", Tag: "notifications", Summary: "Mark all your notifications read",
		Responses: map[int]httpx.Answer{200: {Description: "how many were marked", Schema: ref("NotificationsRead")}},
	}))
	rt.Handle("POST", Prefix+"/notifications/{id}/read", h.wrap(h.readNotification), httpx.Doc(httpx.Op{
		ID: "readNotification", Tag: "notifications", Summary: "Mark one of your notifications read",
		Description: "Another account's notification is 404.",
		Params:      []httpx.Param{idParam}, Responses: map[int]httpx.Answer{200: {Description: "the notification", Schema: ref("Notification")}},
	}))
	rt.Handle("GET", Prefix+"/me/notification-settings", h.wrap(h.notificationSettings), httpx.Doc(httpx.Op{
		ID: "getNotificationSettings", Tag: "notifications", Summary: "How you are told, by kind",
		Description: "`immediate`: in the inbox and by e-mail at once; `digest`: in the inbox at once, by e-mail in the daily digest; `off`: not at all. `account.security` is always `immediate`.",
		Responses:   map[int]httpx.Answer{200: {Description: "every kind", Schema: listOf("NotificationSetting")}},
	}))
	rt.Handle("PUT", Prefix+"/me/notification-settings", h.wrap(h.putNotificationSettings), httpx.Doc(httpx.Op{
		ID: "putNotificationSettings", Tag: "notifications", Summary: "Choose how you are told",
		Description: "Send the kinds to change, each with its delivery; the others stay as they are.",
		Request:     ref("NotificationSettingsInput"),
		Responses:   map[int]httpx.Answer{200: {Description: "every kind, as now", Schema: listOf("NotificationSetting")}},
	}))
	rt.Handle("GET", Prefix+"/me/follows", h.wrap(h.listFollows), httpx.Doc(httpx.Op{
		ID: "listFollows", Tag: "notifications", Summary: "What you follow",
		Description: "A plan or event you may no longer read is left out.",
		Responses:   map[int]httpx.Answer{200: {Description: "States, groups, plans and events you follow", Schema: listOf("Follow")}},
	}))
	rt.Handle("POST", Prefix+"/me/follows", h.wrap(h.addFollow), httpx.Doc(httpx.Op{
		ID: "addFollow", Tag: "notifications", Summary: "Follow a State, a group, a plan or an event",
		Description: "A plan or event you may not read is 404.",
		Request:     ref("FollowInput"),
		Responses: map[int]httpx.Answer{201: {Description: "followed (also when you already did)", Schema: ref("Follow")},
			404: {Description: "no such State, group, plan or event, or one you may not read", Schema: ref("Error")}},
	}))
	rt.Handle("DELETE", Prefix+"/me/follows", h.wrap(h.deleteFollow), httpx.Doc(httpx.Op{
		ID: "deleteFollow", Tag: "notifications", Summary: "Stop following",
		Params: []httpx.Param{
			{Name: "kind", In: "query", Required: true, Schema: httpx.Schema{"type": "string", "enum": enumLists["FollowKinds"]}},
			{Name: "target", In: "query", Required: true, Description: "a State's or group's code, or a plan's or event's id"},
		},
		Responses: map[int]httpx.Answer{204: {Description: "no longer followed"}, 404: {Description: "you do not follow it", Schema: ref("Error")}},
	}))
}

func (h *Handler) listNotifications(w http.ResponseWriter, r *http.Request) error {
	v, err := signedIn(r)
	if err != nil {
		return err
	}
	limit, after, err := pageAsked(r)
	if err != nil {
		return err
	}
	var before int64
	if after != "" {
		if before, err = strconv.ParseInt(after, 10, 64); err != nil || before <= 0 {
			return model.Problems{"cursor": "is not a cursor of this list; start again without it"}
		}
	}
	l, err := h.svc.Notifications.List(r.Context(), v, before, limit)
	if err != nil {
		return err
	}
	out := notificationListJSON{Items: make([]notificationJSON, len(l.Items)), Unread: l.Unread}
	for i, n := range l.Items {
		out.Items[i] = notificationOut(n)
	}
	if l.Next > 0 {
		out.Next = nextAddress(r, byID(l.Next), limit)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) readNotification(w http.ResponseWriter, r *http.Request) error {
	id, err := ids(r, "id")
	if err != nil {
		return err
	}
	in, err := bodyAs(r, true, plain(func(noBody) struct{} { return struct{}{} }))
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, notificationOut)(h.svc.Notifications.MarkRead(r.Context(), service.ViewerFrom(r.Context()), id[0], in))
}

func (h *Handler) readAllNotifications(w http.ResponseWriter, r *http.Request) error {
	in, err := bodyAs(r, true, plain(func(noBody) struct{} { return struct{}{} }))
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, readAllOut)(h.svc.Notifications.MarkAllRead(r.Context(), service.ViewerFrom(r.Context()), in))
}

func (h *Handler) notificationSettings(w http.ResponseWriter, r *http.Request) error {
	return answer(w, http.StatusOK, settingsOut)(h.svc.Notifications.Settings(r.Context(), service.ViewerFrom(r.Context())))
}

func (h *Handler) putNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	in, err := bodyAs(r, false, settingsIn.input)
	if err != nil {
		return err
	}
	return answer(w, http.StatusOK, settingsOut)(h.svc.Notifications.SetSettings(r.Context(), service.ViewerFrom(r.Context()), in))
}

func (h *Handler) listFollows(w http.ResponseWriter, r *http.Request) error {
	fs, err := h.svc.Notifications.Follows(r.Context(), service.ViewerFrom(r.Context()))
	if err != nil {
		return err
	}
	items := make([]followJSON, len(fs))
	for i, f := range fs {
		items[i] = followOut(f)
	}
	return writePage(w, r, items, func(f followJSON) string { return string(f.Kind) + ":" + f.Target })
}

func (h *Handler) addFollow(w http.ResponseWriter, r *http.Request) error {
	in, err := body[model.FollowInput](r)
	if err != nil {
		return err
	}
	return answer(w, http.StatusCreated, followOut)(h.svc.Notifications.Follow(r.Context(), service.ViewerFrom(r.Context()), in))
}

func (h *Handler) deleteFollow(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	in := model.FollowInput{Kind: q.Get("kind"), Target: q.Get("target")}
	if err := h.svc.Notifications.Unfollow(r.Context(), service.ViewerFrom(r.Context()), service.Given(in)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

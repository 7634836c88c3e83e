package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/service"
)

type notificationJSON struct {
	ID      int64     `json:"id"`
	Kind    string    `json:"kind"`
	Title   string    `json:"title"`
	URL     string    `json:"url"`
	Read    bool      `json:"read"`
	Created time.Time `json:"created"`
}

func notificationOf(n model.Notification) notificationJSON {
	return notificationJSON{ID: n.ID, Kind: string(n.Kind), Title: n.Title, URL: n.URL, Read: n.Read(), Created: n.CreatedAt}
}

type notificationListJSON struct {
	Items  []notificationJSON `json:"items"`
	Unread int                `json:"unread"`
	Next   string             `json:"next,omitempty"`
}

type settingJSON struct {
	Kind      string `json:"kind"`
	Delivery  string `json:"delivery"`
	Label     string `json:"label,omitempty"`
	Default   string `json:"default,omitempty"`
	Mandatory bool   `json:"mandatory,omitempty"`
}

type followJSON struct {
	Kind    string     `json:"kind"`
	Target  string     `json:"target"`
	Label   string     `json:"label,omitempty"`
	URL     string     `json:"url,omitempty"`
	Created *time.Time `json:"created,omitempty"`
}

func followOf(f model.Follow) followJSON {
	out := followJSON{Kind: string(f.Kind), Target: f.Target, Label: f.Label, URL: f.URL}
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
		Description: "Paginated: `next` is the address of the next page. `unread` counts your unread notifications. 401 without an account.",
		Params: []httpx.Param{
			{Name: "before", In: "query", Description: "only notifications with a smaller id (the next page)", Schema: httpx.Schema{"type": "integer"}},
			{Name: "limit", In: "query", Description: "at most this many (1–200, default 50)", Schema: httpx.Schema{"type": "integer"}},
		},
		Responses: map[int]httpx.Answer{200: {Description: "a page of notifications", Schema: ref("NotificationList")}},
	}))
	rt.Handle("POST", Prefix+"/notifications/read-all", h.wrap(h.readAllNotifications), httpx.Doc(httpx.Op{
		ID: "readAllNotifications", Tag: "notifications", Summary: "Mark all your notifications read",
		Responses: map[int]httpx.Answer{200: {Description: "how many were marked", Schema: object([]string{"marked", "unread"}, httpx.Schema{
			"marked": integer("notifications marked read"), "unread": integer("unread left (0)")})}},
	}))
	rt.Handle("POST", Prefix+"/notifications/{id}/read", h.wrap(h.readNotification), httpx.Doc(httpx.Op{
		ID: "readNotification", Tag: "notifications", Summary: "Mark one of your notifications read",
		Params: []httpx.Param{idParam}, Responses: map[int]httpx.Answer{200: {Description: "the notification", Schema: ref("Notification")}},
	}))
	rt.Handle("GET", Prefix+"/me/notification-settings", h.wrap(h.notificationSettings), httpx.Doc(httpx.Op{
		ID: "getNotificationSettings", Tag: "notifications", Summary: "How you are told, by kind",
		Description: "`immediate`: in the inbox and by e-mail at once; `digest`: in the inbox at once, by e-mail in the daily digest; `off`: not at all. `account.security` is always `immediate`.",
		Responses:   map[int]httpx.Answer{200: {Description: "every kind", Schema: listOf("NotificationSetting")}},
	}))
	rt.Handle("PUT", Prefix+"/me/notification-settings", h.wrap(h.putNotificationSettings), httpx.Doc(httpx.Op{
		ID: "putNotificationSettings", Tag: "notifications", Summary: "Choose how you are told",
		Description: "Send the kinds to change (others stay); the read-only fields of the GET answer may be sent back unchanged.",
		Request:     listOf("NotificationSetting"),
		Responses:   map[int]httpx.Answer{200: {Description: "every kind, as now", Schema: listOf("NotificationSetting")}},
	}))
	rt.Handle("GET", Prefix+"/me/follows", h.wrap(h.listFollows), httpx.Doc(httpx.Op{
		ID: "listFollows", Tag: "notifications", Summary: "What you follow",
		Responses: map[int]httpx.Answer{200: {Description: "States, groups, plans and events you follow", Schema: listOf("Follow")}},
	}))
	rt.Handle("POST", Prefix+"/me/follows", h.wrap(h.addFollow), httpx.Doc(httpx.Op{
		ID: "addFollow", Tag: "notifications", Summary: "Follow a State, a group, a plan or an event",
		Description: "A plan or event you may not read is 404.",
		Request:     ref("FollowInput"),
		Responses:   map[int]httpx.Answer{201: {Description: "followed (also when you already did)", Schema: ref("Follow")}},
	}))
	rt.Handle("DELETE", Prefix+"/me/follows", h.wrap(h.deleteFollow), httpx.Doc(httpx.Op{
		ID: "deleteFollow", Tag: "notifications", Summary: "Stop following",
		Params: []httpx.Param{
			{Name: "kind", In: "query", Required: true, Schema: strEnum("state", "group", "nap", "event")},
			{Name: "target", In: "query", Required: true, Description: "a State's or group's code, or a plan's or event's id"},
		},
		Responses: map[int]httpx.Answer{204: {Description: "no longer followed"}},
	}))
}

func notificationSchemas() map[string]httpx.Schema {
	kinds := make([]string, len(model.NoticeKinds))
	for i, k := range model.NoticeKinds {
		kinds[i] = string(k.Kind)
	}
	return map[string]httpx.Schema{
		"Notification": object([]string{"id", "kind", "title", "url", "read", "created"}, httpx.Schema{
			"id": integer(""), "kind": strEnum(kinds...), "title": str(""), "url": str("a path on this site"),
			"read": boolean(""), "created": str("RFC 3339"),
		}),
		"NotificationList": object([]string{"items", "unread"}, httpx.Schema{
			"items": arrayOf(ref("Notification")), "unread": integer("your unread notifications"),
			"next": str("the next page's address; absent on the last page"),
		}),
		"NotificationSetting": object([]string{"kind", "delivery"}, httpx.Schema{
			"kind": strEnum(kinds...), "delivery": strEnum("immediate", "digest", "off"),
			"label": str("read-only"), "default": str("read-only: the delivery when you have not chosen"), "mandatory": boolean("read-only: cannot be changed"),
		}),
		"Follow": object([]string{"kind", "target"}, httpx.Schema{
			"kind": strEnum("state", "group", "nap", "event"), "target": str("a State's or group's code, or a plan's or event's id"),
			"label": str(""), "url": str(""), "created": str("RFC 3339"),
		}),
		"FollowInput": object([]string{"kind", "target"}, httpx.Schema{
			"kind": strEnum("state", "group", "nap", "event"), "target": str("a State's or group's code, or a plan's or event's id"),
		}),
	}
}

func (h *Handler) listNotifications(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	q := r.URL.Query()
	p := model.Problems{}
	var before int64
	limit := 50
	if s := q.Get("before"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			p.Add("before", "must be a notification id")
		}
		before = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			p.Add("limit", "must be a number from 1 to 200")
		}
		limit = n
	}
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	if len(p) > 0 {
		return p
	}
	ns, next, unread, err := h.svc.Notifications.List(r.Context(), v, before, limit)
	if err != nil {
		return err
	}
	out := notificationListJSON{Items: []notificationJSON{}, Unread: unread}
	for _, n := range ns {
		out.Items = append(out.Items, notificationOf(n))
	}
	if next > 0 {
		nq := url.Values{"before": {strconv.FormatInt(next, 10)}}
		if q.Get("limit") != "" {
			nq.Set("limit", strconv.Itoa(limit))
		}
		out.Next = Prefix + "/notifications?" + nq.Encode()
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) readNotification(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return model.ErrNotFound
	}
	n, err := h.svc.Notifications.MarkRead(r.Context(), v, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, notificationOf(n))
	return nil
}

func (h *Handler) readAllNotifications(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	n, err := h.svc.Notifications.MarkAllRead(r.Context(), v)
	if err != nil {
		return err
	}
	unread, err := h.svc.Notifications.UnreadCount(r.Context(), v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int64{"marked": n, "unread": int64(unread)})
	return nil
}

func settingsJSON(ss []service.Setting) list[settingJSON] {
	out := make([]settingJSON, len(ss))
	for i, s := range ss {
		out[i] = settingJSON{Kind: string(s.Kind), Delivery: string(s.Delivery), Label: s.Label, Default: string(s.Default), Mandatory: s.Mandatory}
	}
	return newList(out)
}

func (h *Handler) notificationSettings(w http.ResponseWriter, r *http.Request) error {
	ss, err := h.svc.Notifications.Settings(r.Context(), service.ViewerFrom(r.Context()))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settingsJSON(ss))
	return nil
}

func (h *Handler) putNotificationSettings(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	var in list[settingJSON]
	if err := decode(r, &in); err != nil {
		return err
	}
	set := map[string]string{}
	for _, s := range in.Items {
		if s.Kind == "" {
			return model.Problems{"items": "every item needs a kind"}
		}
		set[s.Kind] = s.Delivery
	}
	ss, err := h.svc.Notifications.SetSettings(r.Context(), v, set)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settingsJSON(ss))
	return nil
}

func (h *Handler) listFollows(w http.ResponseWriter, r *http.Request) error {
	fs, err := h.svc.Notifications.Follows(r.Context(), service.ViewerFrom(r.Context()))
	if err != nil {
		return err
	}
	out := make([]followJSON, len(fs))
	for i, f := range fs {
		out[i] = followOf(f)
	}
	writeJSON(w, http.StatusOK, newList(out))
	return nil
}

func (h *Handler) addFollow(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	var in followJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	f, err := h.svc.Notifications.Follow(r.Context(), v, model.FollowTarget{Kind: model.FollowKind(in.Kind), Target: strings.TrimSpace(in.Target)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, followOf(f))
	return nil
}

func (h *Handler) deleteFollow(w http.ResponseWriter, r *http.Request) error {
	v := service.ViewerFrom(r.Context())
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	q := r.URL.Query()
	t := model.FollowTarget{Kind: model.FollowKind(q.Get("kind")), Target: strings.TrimSpace(q.Get("target"))}
	if !t.Kind.Valid() {
		return model.Problems{"kind": "follow a state, group, nap or event"}
	}
	if err := h.svc.Notifications.Unfollow(r.Context(), v, t); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

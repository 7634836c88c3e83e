package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestDefaultCatalogueLoads(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Keys()) < 50 {
		t.Fatalf("only %d keys", len(c.Keys()))
	}
	for _, l := range Languages() {
		f := c.File(l.Code)
		if l.Code != English && f.Status != StatusDraft {
			t.Errorf("%s: status %q: translations written here are drafts until a native speaker reviews them", l.Code, f.Status)
		}
	}
}

func TestPrinter(t *testing.T) {
	c := MustDefault()
	day := time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)
	cases := []struct {
		lang, got, want string
	}{
		{"en", c.Printer("en").T("states.found", 1), "1 State."},
		{"en", c.Printer("en").T("states.found", 1234), "1,234 States."},
		{"fr", c.Printer("fr").T("states.found", 1234), "1\u00a0234 États."},
		{"ru", c.Printer("ru").T("states.found", 3), "3 государства."},
		{"ru", c.Printer("ru").T("states.found", 5), "5 государств."},
		{"ru", c.Printer("ru").T("states.found", 21), "21 государство."},
		{"ar", c.Printer("ar").T("states.found", 2), "دولتان."},
		{"ar", c.Printer("ar").T("states.found", 3), "3 دول."},
		{"ar", c.Printer("ar").T("states.found", 11), "11 دولة."},
		{"zh", c.Printer("zh").T("states.found", 7), "7 个国家。"},
		{"ar", c.Printer("ar").T("states.found", 1540), "1,540 دولة."},
		{"ar", c.Printer("ar").T("states.found", 1), "دولة واحدة."},
		{"ar", c.Printer("ar").T("nav.states"), "الدول"},
		{"en", c.Printer("en").T("home.ref.states", 193), "States"},
		{"en", c.Printer("en").Date(day), "2 March 2026"},
		{"fr", c.Printer("fr").Date(day), "2 mars 2026"},
		{"es", c.Printer("es").Date(day), "2 de marzo de 2026"},
		{"ru", c.Printer("ru").Date(day), "2 марта 2026 г."},
		{"zh", c.Printer("zh").Date(day), "2026年3月2日"},
		{"ar", c.Printer("ar").Date(day), "2 مارس 2026"},
		{"en", c.Printer("en").DateTime(day), "2 March 2026, 14:05 UTC"},
		{"en", c.Printer("xx").T("nav.states"), "States"},
		{"en", c.Printer("en").T("no.such.key"), Missing + "no.such.key⟧"},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.lang, tc.got, tc.want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	cases := []struct {
		c    Choice
		want string
	}{
		{Choice{}, "en"},
		{Choice{Header: "fr-CH, fr;q=0.9, en;q=0.8"}, "fr"},
		{Choice{Header: "de-DE, ar;q=0.5"}, "ar"},
		{Choice{Header: "de-DE, it"}, "en"},
		{Choice{Header: "zh-Hant-TW"}, "zh"},
		{Choice{Header: ";;;garbage==="}, "en"},
		{Choice{Query: "xx", Header: "es"}, "es"},
		{Choice{Query: "<script>", Header: ""}, "en"},
		{Choice{Query: strings.Repeat("a", 5000)}, "en"},
		{Choice{Query: "RU", Header: "es"}, "ru"},
		{Choice{Query: "ru", Cookie: "fr", Header: "es"}, "ru"},
		{Choice{Cookie: "fr", Header: "es"}, "fr"},
		{Choice{Account: "zh", Query: "ru", Cookie: "fr", Header: "es"}, "zh"},
		{Choice{Account: "", Query: "ar"}, "ar"},
	}
	for _, tc := range cases {
		if got := Negotiate(tc.c); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.c, got, tc.want)
		}
	}
	if Get("ar").Dir != "rtl" || Get("en").Dir != "ltr" || Get("nonsense").Code != "en" {
		t.Error("directions or fallback wrong")
	}
}

// catalogueFS is a minimal set of six catalogues; edit changes one file.
func catalogueFS(edit func(lang string, msgs map[string]string)) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, l := range []string{"ar", "zh", "en", "fr", "ru", "es"} {
		msgs := map[string]string{
			"greeting": `"Hello %[1]s"`,
			"count":    `{"one": "%d thing", "other": "%d things"}`,
		}
		switch l {
		case "zh":
			msgs["count"] = `"%d 件"`
		case "ru":
			msgs["count"] = `{"one": "%d вещь", "few": "%d вещи", "many": "%d вещей", "other": "%d вещи"}`
		case "ar":
			msgs["count"] = `{"one": "شيء واحد", "two": "شيئان", "few": "%d أشياء", "many": "%d شيئًا", "other": "%d شيء"}`
		}
		if edit != nil {
			edit(l, msgs)
		}
		status := "draft"
		if l == "en" {
			status = "source"
		}
		var b strings.Builder
		b.WriteString(`{"language": "` + l + `", "status": "` + status + `", "messages": {`)
		first := true
		for k, v := range msgs {
			if !first {
				b.WriteString(",")
			}
			first = false
			b.WriteString(`"` + k + `": ` + v)
		}
		b.WriteString("}}")
		fsys[l+".json"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// TestBrokenCataloguesFail: each broken catalogue is refused with its
// reason; the control (the same files unbroken) loads.
func TestBrokenCataloguesFail(t *testing.T) {
	if _, err := Load(catalogueFS(nil)); err != nil {
		t.Fatalf("control: the sound catalogues are refused: %v", err)
	}
	cases := []struct {
		name string
		edit func(lang string, msgs map[string]string)
		want string
	}{
		{"broken placeholder", func(l string, m map[string]string) {
			if l == "fr" {
				m["greeting"] = `"Bonjour %[1"`
			}
		}, "broken placeholder"},
		{"placeholder the English has not", func(l string, m map[string]string) {
			if l == "es" {
				m["greeting"] = `"Hola %[2]s"`
			}
		}, "is not in the English message"},
		{"placeholder of another kind", func(l string, m map[string]string) {
			if l == "es" {
				m["greeting"] = `"Hola %[1]d"`
			}
		}, "is not in the English message"},
		{"placeholder dropped", func(l string, m map[string]string) {
			if l == "zh" {
				m["greeting"] = `"你好"`
			}
		}, "is missing"},
		{"key missing in one language", func(l string, m map[string]string) {
			if l == "ru" {
				delete(m, "greeting")
			}
		}, "ru.json: greeting: missing"},
		{"key only in a translation", func(l string, m map[string]string) {
			if l == "ar" {
				m["extra"] = `"زائد"`
			}
		}, "not in the English catalogue"},
		{"plural category the language has not", func(l string, m map[string]string) {
			if l == "fr" {
				m["count"] = `{"one": "%d chose", "few": "%d choses", "other": "%d choses"}`
			}
		}, `"few" is not a plural category of fr`},
		{"plural without other", func(l string, m map[string]string) {
			if l == "es" {
				m["count"] = `{"one": "%d cosa"}`
			}
		}, `needs the category "other"`},
		{"not JSON", func(l string, m map[string]string) {
			if l == "zh" {
				m["greeting"] = `"unterminated`
			}
		}, "zh.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(catalogueFS(tc.edit))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestCheckTemplates(t *testing.T) {
	c := MustDefault()
	ok := map[string]string{"a.html": `<h1>{{t "states.title"}}</h1><p>{{- t "states.found" 3}}</p>{{ (t "nav.home") }}`}
	if err := c.CheckTemplates(ok); err != nil {
		t.Fatalf("control: %v", err)
	}
	bad := map[string]string{"b.html": `{{t "states.titel"}}`}
	if err := c.CheckTemplates(bad); err == nil || !strings.Contains(err.Error(), "states.titel") {
		t.Fatalf("a key in no catalogue passed: %v", err)
	}
}

// TestCataloguePartsMerge: a language's parts (catalog/<lang>/*.json) join
// its file; a key in two files is refused, and a part missing in one
// language shows as its keys missing there.
func TestCataloguePartsMerge(t *testing.T) {
	part := func(msg string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(`{"messages": {"part.hello": ` + msg + `}}`)}
	}
	with := func(edit func(fsys fstest.MapFS)) fstest.MapFS {
		fsys := catalogueFS(nil)
		for _, l := range []string{"ar", "zh", "en", "fr", "ru", "es"} {
			fsys[l+"/part.json"] = part(`"hello ` + l + `"`)
		}
		if edit != nil {
			edit(fsys)
		}
		return fsys
	}
	c, err := Load(with(nil))
	if err != nil {
		t.Fatalf("control: sound parts are refused: %v", err)
	}
	if got := c.Printer("fr").T("part.hello"); got != "hello fr" {
		t.Fatalf("a part's message: got %q", got)
	}
	cases := []struct {
		name string
		edit func(fsys fstest.MapFS)
		want string
	}{
		{"key in two files", func(fsys fstest.MapFS) {
			fsys["fr/other.json"] = part(`"encore"`)
		}, "also in fr/other.json"},
		{"part missing in one language", func(fsys fstest.MapFS) {
			delete(fsys, "ru/part.json")
		}, "ru.json: part.hello: missing"},
		{"unknown field in a part", func(fsys fstest.MapFS) {
			fsys["es/part.json"] = &fstest.MapFile{Data: []byte(`{"status": "draft", "messages": {"part.hello": "hola"}}`)}
		}, "es/part.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(with(tc.edit))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

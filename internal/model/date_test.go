package model_test

import (
	"encoding/json"
	"testing"

	"napx/internal/model"
)

func TestParseDate(t *testing.T) {
	for in, ok := range map[string]bool{
		"2017-09-14": true, "": true, "2019-02-30": false, "14/09/2017": false, "2017-9-14": false, "2017-09-14T00:00:00Z": false,
	} {
		_, err := model.ParseDate(in)
		if (err == nil) != ok {
			t.Errorf("ParseDate(%q): %v, want ok=%v", in, err, ok)
		}
	}
	d := model.MustDate("2017-09-14")
	if d.Long() != "14 September 2017" || d.AddDays(1).String() != "2017-09-15" {
		t.Errorf("date helpers: %s %s", d.Long(), d.AddDays(1))
	}
	b, _ := json.Marshal(struct{ D, Z model.Date }{D: d})
	if string(b) != `{"D":"2017-09-14","Z":null}` {
		t.Errorf("json: %s", b)
	}
}

// FuzzParseDate: any text either parses to a date that prints back the
// same, or is refused; nothing panics.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2017-09-14", "", "2019-02-30", "0000-01-01", "9999-12-31", "2017-09-14\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := model.ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) prints as %q", s, d.String())
		}
	})
}

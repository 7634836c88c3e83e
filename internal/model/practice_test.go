package model_test

import (
	"strings"
	"testing"

	"napx/internal/model"
)

// TestPracticeWorkflow: the review workflow as a table, every status
// against every step.
func TestPracticeWorkflow(t *testing.T) {
	const no = model.PracticeStatus("")
	want := map[model.PracticeStatus]map[model.PracticeStep]model.PracticeStatus{
		model.PracticeDraft:     {model.PracticeStepSubmit: model.PracticeSubmitted, model.PracticeStepVerify: no, model.PracticeStepReturn: no, model.PracticeStepPublish: no},
		model.PracticeSubmitted: {model.PracticeStepSubmit: no, model.PracticeStepVerify: model.PracticeVerified, model.PracticeStepReturn: model.PracticeDraft, model.PracticeStepPublish: no},
		model.PracticeVerified:  {model.PracticeStepSubmit: no, model.PracticeStepVerify: no, model.PracticeStepReturn: model.PracticeDraft, model.PracticeStepPublish: model.PracticePublished},
		model.PracticePublished: {model.PracticeStepSubmit: no, model.PracticeStepVerify: no, model.PracticeStepReturn: no, model.PracticeStepPublish: no},
	}
	for _, from := range model.PracticeStatuses {
		for _, step := range model.PracticeSteps {
			to, msg := from.Move(step)
			w := want[from][step]
			switch {
			case w == no && msg == "":
				t.Errorf("%s —%s→ %s is allowed; it must not be", from, step, to)
			case w != no && (msg != "" || to != w):
				t.Errorf("%s —%s→ %s (%q), want %s", from, step, to, msg, w)
			}
		}
	}
}

type tagCodes struct{}

func (tagCodes) IsOrg(c string) bool   { return c == "HRV" || c == "UNODA" }
func (tagCodes) IsGroup(c string) bool { return c == "SEE" }
func (tagCodes) IsTag(s string) (string, bool) {
	for _, t := range []string{"OP1", "AS-LEG"} {
		if strings.EqualFold(s, t) {
			return t, true
		}
	}
	return "", false
}

// TestPracticeInputProblems: bad input names its field; an unknown tag is
// named in the message.
func TestPracticeInputProblems(t *testing.T) {
	cases := []struct {
		in    model.PracticeInput
		field string
	}{
		{model.PracticeInput{}, "title"},
		{model.PracticeInput{Title: "x", Kind: "poem"}, "kind"},
		{model.PracticeInput{Title: "x", Tags: []string{"OP1", "brokering"}}, "tags"},
		{model.PracticeInput{Title: "x", Submitter: "ZZZ"}, "submitter"},
		{model.PracticeInput{Title: "x", Date: "15/09/2017"}, "date"},
		{model.PracticeInput{Title: "x", Phase: "later"}, "phase"},
		{model.PracticeInput{Title: "x", Audience: "world"}, "audience"},
		{model.PracticeInput{Title: "x", Related: []int64{-1}}, "related"},
		{model.PracticeInput{Title: "x", SharedWith: []string{"NOPE"}}, "shared_with"},
		{model.PracticeInput{Title: "x\u202egnp.exe"}, "title"},
	}
	for _, c := range cases {
		_, p := c.in.Validate(tagCodes{})
		if _, ok := p[c.field]; !ok {
			t.Errorf("%+v: problems %v, want one for %s", c.in, p, c.field)
		}
	}
	if _, p := (model.PracticeInput{Title: "x", Tags: []string{"brokering"}}).Validate(tagCodes{}); p["tags"] == "" || !contains(p["tags"], `"brokering"`) {
		t.Errorf("the unknown tag is not named: %q", p["tags"])
	}
	p, probs := (model.PracticeInput{Title: "Fine", Tags: []string{"op1", "OP1"}, Audience: "shared", SharedWith: []string{"see"}}).Validate(tagCodes{})
	if len(probs) > 0 || p.Audience != model.VisShared || len(p.SharedWith) != 1 {
		t.Errorf("a valid input: %+v %v", p, probs)
	}
}

// TestAttachmentNames: a file named ../../x is stored as x; types are
// the safe list's or bytes.
func TestAttachmentNames(t *testing.T) {
	for _, c := range []struct{ in, name, ctype string }{
		{"../../x", "x", "application/octet-stream"},
		{`..\..\report.pdf`, "report.pdf", "application/pdf"},
		{"page.html", "page.html", "application/octet-stream"},
		{"..", "attachment", "application/octet-stream"},
	} {
		a, p := model.PracticeAttachmentInput{Filename: c.in, ContentType: "text/html", Content: []byte("x")}.Validate()
		if len(p) > 0 || a.Filename != c.name || a.ContentType != c.ctype {
			t.Errorf("%q: stored as %q (%s), %v; want %q (%s)", c.in, a.Filename, a.ContentType, p, c.name, c.ctype)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

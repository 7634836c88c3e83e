package web

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
)

// matrixTexts are the texts of the shipped taxonomy a page shows through
// mxLabel and mxSection: every field label, every section title and the
// sections' short names (the XLSX sheets, used in the filters and the heat
// map), each once.
func matrixTexts(t *testing.T) []string {
	t.Helper()
	tax, err := refdata.LoadTaxonomy()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, f := range tax.Fields {
		add(f.Label)
		add(f.Section)
	}
	for _, s := range []string{"OP 1", "OP 2", "OP 3 (a) and (b)", "OP 3 (c) and (d)"} {
		add(s)
	}
	return out
}

// untranslatedMatrixTexts are the texts the catalogue lacks in some
// language ("lang: text"), found the way a page looks them up
// (matrixLabel).
func untranslatedMatrixTexts(cat *i18n.Catalog, texts []string) []string {
	var out []string
	for _, lang := range model.Languages {
		p := cat.Printer(lang)
		for _, s := range texts {
			if _, ok := matrixLabel(p, s); !ok {
				out = append(out, lang+": "+s)
			}
		}
	}
	return out
}

// TestMatrixLabelsInSixLanguages (issue 17): every field label and section
// title of the loaded taxonomy has its message in the part matrixlabels in
// all six languages. The control: a label the catalogue never heard of is
// reported in each language, and a page shows it in English, marked.
func TestMatrixLabelsInSixLanguages(t *testing.T) {
	cat := i18n.MustDefault()
	texts := matrixTexts(t)
	if len(texts) < 70 {
		t.Fatalf("only %d texts in the taxonomy: not the shipped one", len(texts))
	}
	if got := untranslatedMatrixTexts(cat, texts); len(got) > 0 {
		t.Errorf("the catalogue lacks %d matrix texts, e.g. %q", len(got), got[0])
	}
	const madeUp = "Made-up measure never in the taxonomy"
	got := untranslatedMatrixTexts(cat, append(slices.Clone(texts), madeUp))
	if len(got) != len(model.Languages) || !strings.HasSuffix(got[0], madeUp) {
		t.Errorf("control: a made-up label is reported in each language, got %q", got)
	}
	if h := matrixLabelHTML(cat.Printer("fr"), madeUp+" <x>"); h != `<bdi lang="en" dir="ltr">`+madeUp+` &lt;x&gt;</bdi>` {
		t.Errorf("a label the catalogue lacks: %s", h)
	}
	if h := matrixLabelHTML(cat.Printer("fr"), "Nuclear Non-Proliferation Treaty (NPT)"); h != "Traité sur la non-prolifération des armes nucléaires (TNP)" {
		t.Errorf("the NPT in French: %s", h)
	}
}

// matrixCodes are what stays as it is in every language: the resolution's
// operative paragraphs (OP 1), their subparagraphs ((a)), the weapon types
// and the acronyms of the export-control arrangements.
var matrixCodes = regexp.MustCompile(`OP \d+|\([a-d]\)|\b(NW|CW|BW|NSG|MTCR|HCOC|PSI|GICNT|ITDB|Zangger)\b`)

// TestMatrixLabelsKeepTheirCodes: each translation carries the English
// text's codes, as many times, and is a translation (it differs from the
// English unless the text is only codes). The control is a translation that
// lost a code.
func TestMatrixLabelsKeepTheirCodes(t *testing.T) {
	cat := i18n.MustDefault()
	codes := func(s string) []string { c := matrixCodes.FindAllString(s, -1); slices.Sort(c); return c }
	lost := func(en, tr string) bool { return !slices.Equal(codes(en), codes(tr)) }
	if !lost("OP 3 (a) and (b)", "OP 3 (a) et b)") {
		t.Fatal("control: a lost code is not seen")
	}
	for _, lang := range model.Languages {
		if lang == i18n.English {
			continue
		}
		p := cat.Printer(lang)
		for _, en := range matrixTexts(t) {
			tr, _ := matrixLabel(p, en)
			if lost(en, tr) {
				t.Errorf("%s: %q keeps %v of %v: %q", lang, en, codes(tr), codes(en), tr)
			}
			if tr == en && matrixCodes.ReplaceAllString(en, "") != "" {
				t.Errorf("%s: %q is the English", lang, en)
			}
		}
	}
}

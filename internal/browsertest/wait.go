package browsertest

import (
	"fmt"

	"github.com/chromedp/chromedp"
)

// WaitText waits until the element matched by css contains text.
func WaitText(css, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.textContent.includes(%q); })()`, css, text))
}

// Copies the draft (subject line, blank line, body) to the clipboard for pasting into the rep's own mail program.
(function () {
    const button = document.getElementById('copy-draft');
    if (!button) return;
    button.addEventListener('click', async function () {
        const subject = document.getElementById('draft-subject').value;
        const body = document.getElementById('draft-body').value;
        const text = subject + '\n\n' + body;
        try {
            await navigator.clipboard.writeText(text);
        } catch {
            // No clipboard permission (plain http, old browser): select the body so Ctrl+C works.
            const area = document.getElementById('draft-body');
            area.focus();
            area.select();
        }
        const label = button.textContent;
        button.textContent = button.dataset.copied;
        setTimeout(function () { button.textContent = label; }, 1500);
    });
})();

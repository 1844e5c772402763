// Speech to text for the assistant's question, where the browser has the Web Speech API; the button stays hidden otherwise.
(function () {
    const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    const button = document.getElementById('speak');
    const box = document.getElementById('question');
    if (!Recognition || !button || !box) return;
    button.hidden = false;
    button.addEventListener('click', function () {
        const recognition = new Recognition();
        // The page's language is the language the rep is most likely to speak.
        recognition.lang = document.documentElement.lang || 'en';
        recognition.interimResults = false;
        const label = button.textContent;
        button.textContent = button.dataset.listening;
        button.disabled = true;
        recognition.onresult = function (event) {
            box.value = event.results[0][0].transcript;
            document.getElementById('ask-form').requestSubmit();
        };
        recognition.onend = function () {
            button.textContent = label;
            button.disabled = false;
        };
        recognition.start();
    });
})();

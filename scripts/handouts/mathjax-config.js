// MathJax 2 (Debian's libjs-mathjax, copied into assets/mathjax): formulas between $...$ or
// \(...\), and $$...$$ or \[...\], outside code. No menu, no messages, no font from the network.
window.MathJax = {
  tex2jax: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    skipTags: ["script", "noscript", "style", "textarea", "pre", "code"]
  },
  CommonHTML: { webFont: "TeX" },
  showMathMenu: false,
  showProcessingMessages: false,
  messageStyle: "none",
  menuSettings: { zoom: "None" },
  AuthorInit: function () {
    MathJax.Hub.Register.StartupHook("End", function () {
      document.documentElement.setAttribute("data-math", "done");
    });
  }
};

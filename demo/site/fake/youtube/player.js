/* The fake player: "plays" by filling the progress bar (classes, not inline styles: the page has a strict CSP). */
const french = new URL(location.href).searchParams.get('hl') === 'fr';
if (french) {
  document.documentElement.lang = 'fr';
  document.title = 'Ardoise en deux minutes (lecteur vidéo simulé)';
  document.querySelector('.title').textContent = 'Ardoise en deux minutes';
  document.querySelector('.play').setAttribute('aria-label', 'Lire');
  document.querySelector('.note').textContent = 'Vidéo simulée : cette démo ne diffuse rien.';
}
const progress = document.querySelector('.progress');
document.querySelector('.play').addEventListener('click', () => {
  document.body.classList.add('playing');
  document.querySelector('.note').hidden = false;
  let tenth = 0;
  const timer = setInterval(() => {
    progress.className = `progress p${++tenth * 10}`;
    if (tenth === 10) clearInterval(timer);
  }, 1000);
});

/** A procedural sample picture (made here, no third-party image): fruit on a table under a sky. */
export function drawSample(width = 480, height = 320): ImageData {
  const c = new OffscreenCanvas(width, height);
  const g = c.getContext('2d')!;
  const sky = g.createLinearGradient(0, 0, 0, height * 0.6);
  sky.addColorStop(0, '#7fb2e6');
  sky.addColorStop(1, '#dbe9f5');
  g.fillStyle = sky;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#6b8f3a';
  g.beginPath();
  g.moveTo(0, height * 0.5);
  g.quadraticCurveTo(width * 0.3, height * 0.35, width * 0.6, height * 0.48);
  g.quadraticCurveTo(width * 0.8, height * 0.55, width, height * 0.45);
  g.lineTo(width, height);
  g.lineTo(0, height);
  g.fill();
  const table = g.createLinearGradient(0, height * 0.62, 0, height);
  table.addColorStop(0, '#9a6a3c');
  table.addColorStop(1, '#5e3b1e');
  g.fillStyle = table;
  g.fillRect(0, height * 0.62, width, height * 0.38);
  const fruit = (x: number, y: number, r: number, c0: string, c1: string): void => {
    const f = g.createRadialGradient(x - r * 0.35, y - r * 0.35, r * 0.1, x, y, r);
    f.addColorStop(0, c0);
    f.addColorStop(1, c1);
    g.fillStyle = f;
    g.beginPath();
    g.arc(x, y, r, 0, Math.PI * 2);
    g.fill();
  };
  fruit(width * 0.3, height * 0.66, height * 0.14, '#ffb0a0', '#b3160c');
  fruit(width * 0.5, height * 0.7, height * 0.12, '#fff1a0', '#d9a400');
  fruit(width * 0.68, height * 0.67, height * 0.13, '#ffd3a0', '#e0701a');
  g.fillStyle = '#f5f0e6';
  g.fillRect(width * 0.8, height * 0.2, width * 0.12, height * 0.45);
  const img = g.getImageData(0, 0, width, height);
  // sensor-like noise, deterministic
  let s = 7;
  for (let i = 0; i < img.data.length; i += 4) {
    for (let k = 0; k < 3; k++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      img.data[i + k] += ((s >>> 24) % 9) - 4;
    }
  }
  return img;
}

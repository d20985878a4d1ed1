/**
 * The WebGL scene behind Model3D: loads one glTF/GLB, OBJ, STL or PLY file, frames it, and lets the user
 * orbit, zoom and pan. Draws on demand (after a load, a camera move or a resize), never in a loop, so an
 * idle page costs no CPU.
 */
import {
  Box3,
  BufferGeometry,
  Color,
  DirectionalLight,
  DoubleSide,
  HemisphereLight,
  Mesh,
  MeshStandardMaterial,
  type Material,
  type Object3D,
  PerspectiveCamera,
  Points,
  PointsMaterial,
  Scene,
  Sphere,
  Vector3,
  WebGLRenderer,
} from "three";
import { OrbitControls } from "three/addons/controls/OrbitControls.js";
import { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";
import { OBJLoader } from "three/addons/loaders/OBJLoader.js";
import { PLYLoader } from "three/addons/loaders/PLYLoader.js";
import { STLLoader } from "three/addons/loaders/STLLoader.js";

export type ModelFormat = "gltf" | "obj" | "stl" | "ply";

export interface ViewerSettings {
  displayMode: "solid" | "wireframe" | "point_cloud";
  /** RGBA, each from 0 to 1. */
  clearColor: [number, number, number, number];
  /** Gradio's (alpha, beta, radius): degrees around the vertical axis, degrees down from it, distance. */
  cameraPosition: [number | null, number | null, number | null];
  zoomSpeed: number;
  panSpeed: number;
}

export interface Viewer {
  load(url: string, format: ModelFormat): Promise<void>;
  resetCamera(): void;
  dispose(): void;
}

export function formatOf(name: string): ModelFormat | null {
  const extension = name.toLowerCase().split(".").pop();
  if (extension === "glb" || extension === "gltf") return "gltf";
  if (extension === "obj" || extension === "stl" || extension === "ply") return extension;
  return null;
}

const SURFACE = new MeshStandardMaterial({ color: 0xb0b4bc, metalness: 0.1, roughness: 0.7 });
/** Points a few pixels wide whatever the distance, so a cloud stays visible when zoomed out. */
const pointsMaterial = () => new PointsMaterial({ color: 0xb0b4bc, size: 3, sizeAttenuation: false });

async function loadObject(url: string, format: ModelFormat): Promise<Object3D> {
  switch (format) {
    case "gltf":
      return (await new GLTFLoader().loadAsync(url)).scene;
    case "obj":
      return new OBJLoader().loadAsync(url);
    case "stl":
      return new Mesh(await new STLLoader().loadAsync(url), SURFACE);
    case "ply": {
      const geometry = await new PLYLoader().loadAsync(url);
      geometry.computeVertexNormals();
      // A PLY without faces is a point cloud already.
      return geometry.index ? new Mesh(geometry, SURFACE) : new Points(geometry, pointsMaterial());
    }
  }
}

/**
 * Faces are drawn from both sides (models from the wild often have inconsistent winding); wireframe sets
 * each material's flag; a point cloud swaps each mesh for points of the same geometry.
 */
function applyDisplayMode(root: Object3D, mode: ViewerSettings["displayMode"]): void {
  const meshes: Mesh[] = [];
  root.traverse((node) => {
    if (node instanceof Mesh) meshes.push(node);
  });
  for (const mesh of meshes) {
    if (mode === "point_cloud" && mesh.parent) {
      const points = new Points(mesh.geometry as BufferGeometry, pointsMaterial());
      points.position.copy(mesh.position);
      points.quaternion.copy(mesh.quaternion);
      points.scale.copy(mesh.scale);
      mesh.parent.add(points);
      mesh.parent.remove(mesh);
      continue;
    }
    const styled = (material: Material) => {
      const copy = material.clone();
      copy.side = DoubleSide;
      if (mode === "wireframe" && "wireframe" in copy) copy.wireframe = true;
      return copy;
    };
    // An array of materials draws only with geometry groups: keep a single material single.
    mesh.material = Array.isArray(mesh.material) ? mesh.material.map(styled) : styled(mesh.material);
  }
}

function webglRenderer(canvas: HTMLCanvasElement): WebGLRenderer | null {
  try {
    // Drawing happens only on change, so keeping the last frame costs nothing and lets the page (and a
    // screenshot) show it whenever the canvas is composited again.
    return new WebGLRenderer({ canvas, antialias: true, alpha: true, preserveDrawingBuffer: true });
  } catch {
    return null;
  }
}

const DEGREES = Math.PI / 180;

export function createViewer(canvas: HTMLCanvasElement, settings: ViewerSettings): Viewer | null {
  const renderer = webglRenderer(canvas);
  if (!renderer) return null;
  const [r, g, b, a] = settings.clearColor;
  renderer.setClearColor(new Color(r, g, b), a);
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));

  const scene = new Scene();
  scene.add(new HemisphereLight(0xffffff, 0x444444, 2));
  const sun = new DirectionalLight(0xffffff, 2);
  sun.position.set(1, 2, 3);
  scene.add(sun);

  const camera = new PerspectiveCamera(45, 1, 0.01, 1000);
  const controls = new OrbitControls(camera, canvas);
  controls.zoomSpeed = settings.zoomSpeed;
  controls.panSpeed = settings.panSpeed;

  const draw = () => renderer.render(scene, camera);
  const resize = () => {
    const { clientWidth: width, clientHeight: height } = canvas;
    if (width === 0 || height === 0) return;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    draw();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(canvas);
  controls.addEventListener("change", draw);

  let bounds = new Sphere(new Vector3(), 1);
  const resetCamera = () => {
    const [alpha, beta, radius] = settings.cameraPosition;
    // Gradio's defaults: looking from the front, slightly above, far enough to see the whole model.
    const theta = (alpha ?? 90) * DEGREES;
    const phi = (beta ?? 80) * DEGREES;
    const distance = radius ?? (bounds.radius / Math.sin((camera.fov * DEGREES) / 2)) * 1.1;
    const offset = new Vector3(Math.cos(theta) * Math.sin(phi), Math.cos(phi), Math.sin(theta) * Math.sin(phi));
    camera.position.copy(bounds.center).addScaledVector(offset, distance);
    camera.near = distance / 100;
    camera.far = distance * 100;
    camera.updateProjectionMatrix();
    controls.target.copy(bounds.center);
    controls.update();
    draw();
  };

  let model: Object3D | null = null;
  return {
    async load(url, format) {
      const object = await loadObject(url, format);
      applyDisplayMode(object, settings.displayMode);
      if (model) scene.remove(model);
      model = object;
      scene.add(object);
      const box = new Box3().setFromObject(object);
      if (!box.isEmpty()) bounds = box.getBoundingSphere(new Sphere());
      resize();
      resetCamera();
    },
    resetCamera,
    dispose() {
      observer.disconnect();
      controls.dispose();
      renderer.dispose();
    },
  };
}

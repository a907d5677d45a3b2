declare module 'constructs' {
  export interface IConstruct {
    readonly node: Node;
  }
  export class Node {
    readonly id: string;
  }
  export class Construct implements IConstruct {
    readonly node: Node;
    constructor(scope: Construct, id: string);
  }
}

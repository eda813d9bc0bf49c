/** A card's title as a level-2 heading (the page's title is the one level-1 heading). */
export const cardTitle = (text: string) => <h2 className="card-title">{text}</h2>;

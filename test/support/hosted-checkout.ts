/**
 * The customer's side of a payment link: the simulator's hosted Checkout page, paid as a browser submits its form.
 * 303 (to the shop's success page) means paid; 200 shows the form again with the decline.
 */
export const payOnHostedPage = (url: string, cardNumber: string) =>
  fetch(url, {
    method: 'POST',
    body: new URLSearchParams({
      number: cardNumber,
      expiry: '12 / 39',
      cvc: '123',
      email: 'pat@example.com',
      name: 'Pat',
    }),
    redirect: 'manual',
  });
